package org.oneplace.staff;

import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.platform.AuditLog;
import org.oneplace.shared.Cursor;
import org.oneplace.shared.Page;
import org.oneplace.shared.Uuid7;
import org.oneplace.staff.internal.ApiTokenRepository;
import org.oneplace.staff.internal.StoredUser;
import org.oneplace.staff.internal.TokenPrincipalCache;
import org.oneplace.staff.internal.UserRepository;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * API tokens for integrations and automation. A token acts for the user who created it, limited to its scopes: it
 * can never do more than its owner can now, it stops at once when revoked or when its owner is disabled, and only
 * its SHA-256 is stored.
 */
@Service
@Validated
public class ApiTokenService {

    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final ApiTokenRepository tokens;
    private final UserRepository users;
    private final AuditLog audit;
    private final Clock clock;
    private final TokenPrincipalCache cache;

    ApiTokenService(
            ApiTokenRepository tokens, UserRepository users, AuditLog audit, Clock clock, TokenPrincipalCache cache) {
        this.tokens = tokens;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
        this.cache = cache;
    }

    @PreAuthorize("hasAuthority('tokens:manage')")
    @Transactional(readOnly = true)
    public Page<ApiTokenView> tokens(@Nullable String cursor, int limit) {
        Cursor after = Cursor.parse(cursor, 1);
        return Page.of(tokens.pageAfter(after == null ? null : after.uuid(0), limit), limit, t -> Cursor.of(t.id()));
    }

    @PreAuthorize("hasAuthority('tokens:manage')")
    @Transactional(readOnly = true)
    public ApiTokenView token(UUID id) {
        return tokens.findById(id).orElseThrow(() -> StaffException.unknownToken(id));
    }

    /**
     * Creates a token for the caller or, with {@code ownerId}, for another user; its scopes must be among the
     * caller's permissions and the owner's.
     */
    @PreAuthorize("hasAuthority('tokens:manage')")
    @Transactional
    public CreatedApiToken create(@Valid CreateApiToken command) {
        StaffPrincipal caller = StaffPrincipal.current();
        if (caller == null) {
            throw StaffException.forbidden("Only a signed-in user or a token can create API tokens.");
        }
        beyond(command.scopes(), caller.permissions(), "A token cannot have more rights than you: you do not hold ");
        UUID ownerId = command.ownerId() == null ? caller.userId() : command.ownerId();
        StoredUser owner = users.findById(ownerId)
                .filter(StoredUser::enabled)
                .orElseThrow(() -> StaffException.invalid("The token's owner " + ownerId + " is unknown or disabled."));
        beyond(
                command.scopes(),
                Role.permissionsOf(owner.roles()),
                "A token cannot have more rights than its owner " + owner.email() + ", who does not hold ");
        if (command.expiresAt() != null && !command.expiresAt().isAfter(clock.instant())) {
            throw StaffException.invalid("'expiresAt' must be in the future.");
        }
        return issue(owner.id(), command, Secrets.random("op_", 32));
    }

    private static void beyond(Set<Permission> scopes, Set<Permission> held, String message) {
        Set<Permission> missing = EnumSet.noneOf(Permission.class);
        missing.addAll(scopes);
        missing.removeAll(held);
        if (!missing.isEmpty()) {
            throw StaffException.forbidden(
                    message + missing.stream().map(Permission::code).sorted().toList() + ".");
        }
    }

    @PreAuthorize("hasAuthority('tokens:manage')")
    @Transactional
    public ApiTokenView revoke(UUID id) {
        ApiTokenView before = tokens.findById(id).orElseThrow(() -> StaffException.unknownToken(id));
        if (before.revokedAt() != null) {
            return before;
        }
        tokens.revoke(id, clock.instant());
        cache.forgetAll();
        ApiTokenView after = tokens.findById(id).orElseThrow();
        audit.record("token.revoked", "api_token", id.toString(), before, after);
        return after;
    }

    /**
     * The principal a bearer token stands for, if the token is known, not revoked, not expired and its owner may
     * still sign in. Its permissions are the token's scopes that the owner's roles still grant. Remembered for two
     * seconds (forgotten at once on this node when a token is revoked or a user changed); the last-use time is
     * written at most once a minute.
     */
    public Optional<StaffPrincipal> authenticate(String secret) {
        Instant now = clock.instant();
        return cache.get(
                Secrets.sha256(secret),
                now,
                () -> tokens.findUsable(Secrets.sha256(secret), now).map(usable -> {
                    ApiTokenView token = usable.token();
                    if (token.lastUsedAt() == null || token.lastUsedAt().isBefore(now.minus(TOUCH_INTERVAL))) {
                        tokens.touch(token.id(), now, TOUCH_INTERVAL);
                    }
                    Set<Permission> permissions = EnumSet.noneOf(Permission.class);
                    permissions.addAll(token.scopes());
                    permissions.retainAll(Role.permissionsOf(usable.ownerRoles()));
                    return new TokenPrincipalCache.LoadedPrincipal(
                            new StaffPrincipal(
                                    token.ownerId(), usable.ownerEmail(), token.id(), token.name(), permissions),
                            token.expiresAt());
                }));
    }

    /** Whether a token with this secret was ever issued (used by bootstrap to stay idempotent). */
    boolean exists(String secret) {
        return tokens.existsByHash(Secrets.sha256(secret));
    }

    CreatedApiToken issue(UUID ownerId, CreateApiToken command, String secret) {
        ApiTokenView token = new ApiTokenView(
                Uuid7.next(),
                command.name().trim(),
                "…" + secret.substring(secret.length() - 4),
                command.scopes().isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(command.scopes()),
                ownerId,
                clock.instant(),
                command.expiresAt(),
                null,
                null);
        tokens.insert(token, Secrets.sha256(secret));
        audit.record("token.created", "api_token", token.id().toString(), null, token);
        return new CreatedApiToken(token, secret);
    }
}
