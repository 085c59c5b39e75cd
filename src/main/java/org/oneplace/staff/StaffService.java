package org.oneplace.staff;

import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.platform.AuditLog;
import org.oneplace.shared.Cursor;
import org.oneplace.shared.EmailAddress;
import org.oneplace.shared.Page;
import org.oneplace.shared.Uuid7;
import org.oneplace.staff.internal.PasswordResetRepository;
import org.oneplace.staff.internal.SignInFailureRepository;
import org.oneplace.staff.internal.StaffSessions;
import org.oneplace.staff.internal.StoredUser;
import org.oneplace.staff.internal.TokenPrincipalCache;
import org.oneplace.staff.internal.UserRepository;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * Staff users: who they are, their roles, whether they may sign in. Every change is audited in its transaction.
 * Two rules protect the installation: nobody can lock themselves out (disable themselves or drop their own ADMIN
 * role), and there is always at least one enabled admin.
 */
@Service
@Validated
public class StaffService {

    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final StaffSessions sessions;
    private final AuditLog audit;
    private final Clock clock;
    private final TokenPrincipalCache tokenPrincipals;
    private final SignInFailureRepository failures;
    private final PasswordResetRepository resets;

    StaffService(
            UserRepository users,
            PasswordEncoder passwords,
            StaffSessions sessions,
            AuditLog audit,
            Clock clock,
            TokenPrincipalCache tokenPrincipals,
            SignInFailureRepository failures,
            PasswordResetRepository resets) {
        this.users = users;
        this.failures = failures;
        this.resets = resets;
        this.passwords = passwords;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
        this.tokenPrincipals = tokenPrincipals;
    }

    @PreAuthorize("hasAuthority('users:read')")
    @Transactional(readOnly = true)
    public Page<UserView> users(@Nullable String cursor, int limit) {
        Cursor after = Cursor.parse(cursor, 1);
        return Page.of(
                users.pageAfter(after == null ? null : after.uuid(0), limit).stream()
                        .map(StoredUser::view)
                        .toList(),
                limit,
                u -> Cursor.of(u.id()));
    }

    @PreAuthorize("hasAuthority('users:read')")
    @Transactional(readOnly = true)
    public UserView user(UUID id) {
        return users.findById(id).map(StoredUser::view).orElseThrow(() -> StaffException.unknownUser(id));
    }

    @PreAuthorize("hasAuthority('users:manage')")
    @Transactional
    public CreatedUser createUser(@Valid CreateUser command) {
        return create(command);
    }

    @PreAuthorize("hasAuthority('users:manage')")
    @Transactional
    public UserView updateUser(UUID id, @Valid UpdateUser command) {
        StoredUser before = users.lockById(id).orElseThrow(() -> StaffException.unknownUser(id));
        Set<Role> roles = command.roles() == null ? before.roles() : EnumSet.copyOf(command.roles());
        boolean enabled = command.enabled() == null ? before.enabled() : command.enabled();
        StaffPrincipal actor = StaffPrincipal.current();
        if (actor != null && actor.userId().equals(id)) {
            if (!enabled) {
                throw StaffException.invalid("You cannot disable yourself; ask another admin.");
            }
            if (before.roles().contains(Role.ADMIN) && !roles.contains(Role.ADMIN)) {
                throw StaffException.invalid("You cannot remove your own ADMIN role; ask another admin.");
            }
        }
        boolean wasAdmin = before.enabled() && before.roles().contains(Role.ADMIN);
        boolean staysAdmin = enabled && roles.contains(Role.ADMIN);
        if (wasAdmin && !staysAdmin && users.lockEnabledAdmins() <= 1) {
            throw StaffException.invalid(
                    "This is the last enabled admin; make another user an admin before changing this one.");
        }
        String passwordHash = command.password() == null ? before.passwordHash() : passwords.encode(command.password());
        StoredUser after = new StoredUser(
                before.id(),
                before.email(),
                command.displayName() == null
                        ? before.displayName()
                        : command.displayName().trim(),
                passwordHash,
                roles,
                enabled,
                // a password an admin sets answers a reset they asked for
                command.password() == null && before.passwordResetRequired(),
                before.createdAt(),
                clock.instant());
        users.update(after);
        if (command.password() != null) {
            // a new password ends a lockout and outdates every reset link, as a reset by link does
            failures.clear(id);
            resets.deleteAllOf(id);
        }
        tokenPrincipals.forgetAll(); // a token must never outlive its owner's lost role or disabling
        audit.record(
                command.password() == null ? "user.updated" : "user.updated-with-password",
                "user",
                id.toString(),
                before.view(),
                after.view());
        if (!roles.equals(before.roles()) || !enabled || command.password() != null) {
            // Signed-in sessions carry the old roles; end them so the change takes effect at once.
            sessions.endAllOf(before.email());
        }
        return after.view();
    }

    /** Creates a user without a permission check: for bootstrap, which runs before anyone can sign in. */
    CreatedUser create(CreateUser command) {
        EmailAddress email = EmailAddress.of(command.email());
        if (users.findByEmail(email.value()).isPresent()) {
            throw StaffException.emailTaken(email.value());
        }
        String initialPassword = command.password() == null ? Secrets.random("", 18) : null;
        String password = command.password() == null ? initialPassword : command.password();
        Instant now = clock.instant();
        StoredUser user = new StoredUser(
                Uuid7.next(),
                email.value(),
                command.displayName().trim(),
                passwords.encode(password),
                EnumSet.copyOf(command.roles()),
                true,
                false,
                now,
                now);
        users.insert(user);
        audit.record("user.created", "user", user.id().toString(), null, user.view());
        return new CreatedUser(user.view(), initialPassword);
    }
}
