package org.oneplace.staff;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.oneplace.shared.ChannelType;

/** Creates a write key for a tracking source. */
public record CreateWriteKey(
        @NotBlank @Size(max = 200) String name, @NotNull ChannelType source) {}
