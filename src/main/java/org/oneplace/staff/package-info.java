/**
 * The people who work in Oneplace and how they and integrations prove who they are: users with roles (ADMIN,
 * SUPERVISOR, AGENT, ASSOCIATE, MARKETER, ANALYST) and the permissions those roles grant, API tokens (shown once,
 * stored hashed, scoped, revocable), tracking write keys (each naming its source channel), and the web security
 * that applies all of it to every request — with sign-in lockout after repeated wrong passwords and password resets
 * by e-mailed one-time links (SEC-12).
 *
 * <p>It does not own customers (that is {@code customer}) nor what an agent works on ({@code conversation},
 * {@code routing}). It publishes no events yet; sensitive changes go to the platform's audit log.
 */
@NullMarked
@ApplicationModule(
        displayName = "Staff and access",
        allowedDependencies = {"shared", "platform"})
package org.oneplace.staff;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
