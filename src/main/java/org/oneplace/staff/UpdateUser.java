package org.oneplace.staff;

import jakarta.validation.constraints.Size;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Changes a staff user; absent fields stay as they are. */
public record UpdateUser(
        @Nullable @Size(min = 1, max = 200) String displayName,
        @Nullable @Size(min = 1) Set<Role> roles,
        @Nullable Boolean enabled,
        @Nullable @Size(min = 12, max = 200) String password) {}
