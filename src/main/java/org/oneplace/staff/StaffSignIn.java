package org.oneplace.staff;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.oneplace.platform.AuditLog;
import org.oneplace.shared.EmailAddress;
import org.oneplace.staff.internal.SignInFailureRepository;
import org.oneplace.staff.internal.SignInFailureRepository.Failures;
import org.oneplace.staff.internal.StoredUser;
import org.oneplace.staff.internal.UserRepository;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks a user's email and password for the console's sign-in, and locks an account that too many wrong passwords
 * were tried on (SEC-12, see {@link StaffProperties.Lockout}). Every refusal is audited: for an existing account
 * under its user id, for an unknown one under a hash of what was typed, never with the password.
 */
@Service
public class StaffSignIn {

    /** Why a sign-in was refused, as the audit log shows it; the person signing in is never told which. */
    record Refusal(String reason, @Nullable Integer failures) {}

    /** A lock an account earned. */
    record Lock(int failures, Instant lockedUntil, long lockedForSeconds) {}

    /** A sign-in attempt for an e-mail no account has, with the address masked. */
    record UnknownAccount(String email) {}

    private final UserRepository users;
    private final SignInFailureRepository failures;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final Clock clock;
    private final StaffProperties.Lockout lockout;
    private final String dummyHash;

    StaffSignIn(
            UserRepository users,
            SignInFailureRepository failures,
            PasswordEncoder passwords,
            AuditLog audit,
            Clock clock,
            StaffProperties properties) {
        this.users = users;
        this.failures = failures;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
        this.lockout = properties.lockout();
        this.dummyHash = passwords.encode("not-a-password-anyone-has");
    }

    /**
     * The principal for these credentials, or empty when the email is unknown, the password wrong, the account
     * locked or disabled, or an admin asked for a new password. All cases take about the same time (the password is
     * hashed in each) and give the same answer, so sign-in reveals no accounts. A success clears the failures.
     */
    @Transactional
    public Optional<StaffPrincipal> signIn(String email, String password) {
        String typed = email.trim().toLowerCase(Locale.ROOT);
        Optional<StoredUser> found = users.findByEmail(typed);
        boolean matches =
                passwords.matches(password, found.map(StoredUser::passwordHash).orElse(dummyHash));
        if (found.isEmpty()) {
            recordUnknown(typed);
            return Optional.empty();
        }
        StoredUser user = found.get();
        Instant now = clock.instant();
        Optional<Failures> earlier = failures.find(user.id());
        boolean locked =
                earlier.map(Failures::lockedUntil).filter(now::isBefore).isPresent();
        String refusal = locked
                ? "locked"
                : !user.enabled() ? "disabled" : user.passwordResetRequired() ? "password-reset-required" : null;
        if (refusal != null) {
            // not counted: the account cannot sign in anyway, and attempts during a lock must not lengthen it
            audit.record("user.sign-in-failed", "user", user.id().toString(), null, new Refusal(refusal, null));
            return Optional.empty();
        }
        if (!matches) {
            countFailure(user, now);
            return Optional.empty();
        }
        if (earlier.isPresent()) {
            failures.clear(user.id());
        }
        return Optional.of(new StaffPrincipal(user.id(), user.email(), null, null, Role.permissionsOf(user.roles())));
    }

    private void countFailure(StoredUser user, Instant now) {
        Failures counted = failures.countFailure(user.id(), now);
        String id = user.id().toString();
        audit.record("user.sign-in-failed", "user", id, null, new Refusal("wrong-password", counted.count()));
        Duration backoff = lockout.backoff(counted.count());
        if (backoff.isPositive()) {
            Instant until = now.plus(backoff);
            failures.lock(user.id(), until);
            audit.record("user.locked", "user", id, null, new Lock(counted.count(), until, backoff.toSeconds()));
        }
    }

    /**
     * Audits an attempt on no account under a SHA-256 of the typed address (so that attempts on one address can be
     * found together) with the address masked. Something that is no e-mail address — a password typed into the
     * wrong field — is neither hashed nor shown.
     */
    private void recordUnknown(String typed) {
        EmailAddress address;
        try {
            address = EmailAddress.of(typed);
        } catch (IllegalArgumentException notAnAddress) {
            audit.record(
                    "sign-in.failed",
                    "sign-in",
                    "not-an-email-address",
                    null,
                    new UnknownAccount("(not an e-mail address)"));
            return;
        }
        String value = address.value();
        int at = value.indexOf('@');
        audit.record(
                "sign-in.failed",
                "sign-in",
                Secrets.sha256(value),
                null,
                new UnknownAccount(value.charAt(0) + "***" + value.substring(at)));
    }
}
