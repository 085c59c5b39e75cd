package org.oneplace.staff;

import org.jspecify.annotations.Nullable;

/**
 * A new user and, when Oneplace chose the password, that password — shown this once and never again.
 */
public record CreatedUser(UserView user, @Nullable String initialPassword) {}
