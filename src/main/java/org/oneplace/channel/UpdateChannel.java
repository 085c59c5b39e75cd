package org.oneplace.channel;

import jakarta.validation.constraints.Size;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Renames an account or changes some settings (e.g. rotates a secret); absent keys stay as they are. */
public record UpdateChannel(
        @Nullable @Size(min = 1, max = 200) String name,
        @Nullable Map<String, String> settings) {}
