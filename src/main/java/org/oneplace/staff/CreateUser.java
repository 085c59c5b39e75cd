package org.oneplace.staff;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Adds a staff user. Roles are required — nobody becomes an admin by default.
 *
 * @param password at least 12 characters; when absent a strong one is generated and returned once
 */
public record CreateUser(
        @NotBlank @Size(max = 254) String email,
        @NotBlank @Size(max = 200) String displayName,
        @NotEmpty Set<Role> roles,
        @Nullable @Size(min = 12, max = 200) String password) {}
