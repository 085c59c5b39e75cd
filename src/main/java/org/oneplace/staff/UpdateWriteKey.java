package org.oneplace.staff;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Renames a write key. */
public record UpdateWriteKey(@NotBlank @Size(max = 200) String name) {}
