package org.oneplace.channel;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.oneplace.shared.ChannelType;

/** Connects a channel account: {@code settings} keys depend on the type; secrets among them are write-only. */
public record CreateChannel(
        @NotNull ChannelType type,
        @NotBlank @Size(max = 200) String name,
        @NotNull Map<String, String> settings) {}
