package org.oneplace.conversation;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record CreateCannedReply(
        @NotBlank @Pattern(regexp = "[a-z0-9-]{1,40}", message = "must be 1 to 40 lower-case letters, digits or '-'")
        String shortcut,

        @NotBlank @Size(max = 200) String title,
        @NotBlank @Size(max = 10_000) String content) {}
