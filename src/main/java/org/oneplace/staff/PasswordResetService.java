package org.oneplace.staff;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.platform.AuditLog;
import org.oneplace.platform.PlatformProperties;
import org.oneplace.staff.internal.PasswordResetMail;
import org.oneplace.staff.internal.PasswordResetRepository;
import org.oneplace.staff.internal.SignInFailureRepository;
import org.oneplace.staff.internal.StaffSessions;
import org.oneplace.staff.internal.StoredUser;
import org.oneplace.staff.internal.UserRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * New passwords through one-time links sent by e-mail: asked for by the user on the sign-in page, or forced by an
 * admin (the old password then stops working at once). A link carries 32 random bytes; only their SHA-256 is
 * stored. It works once, until {@link StaffProperties.PasswordReset#linkValidity()}, and setting a password through
 * it ends the account's lockout, revokes its other links and ends its console sessions on every node.
 *
 * <p>Asking for a link answers nothing, so that nobody learns which addresses have accounts (SEC-12).
 */
@Service
public class PasswordResetService {

    /** The shortest password accepted, as for {@link CreateUser} and {@link UpdateUser}. */
    public static final int MIN_PASSWORD_LENGTH = 12;

    private static final int MAX_PASSWORD_LENGTH = 200;

    /** One link a minute per account at most: the rate limits are per node, a mailbox is one. */
    private static final Duration RESEND_AFTER = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(PasswordResetService.class);

    private final UserRepository users;
    private final PasswordResetRepository resets;
    private final SignInFailureRepository failures;
    private final PasswordResetMail mail;
    private final StaffSessions sessions;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final StaffProperties.PasswordReset settings;
    private final @Nullable String publicUrl;

    PasswordResetService(
            UserRepository users,
            PasswordResetRepository resets,
            SignInFailureRepository failures,
            PasswordResetMail mail,
            StaffSessions sessions,
            PasswordEncoder passwords,
            AuditLog audit,
            TransactionTemplate transaction,
            Clock clock,
            StaffProperties properties,
            PlatformProperties platform) {
        this.users = users;
        this.resets = resets;
        this.failures = failures;
        this.mail = mail;
        this.sessions = sessions;
        this.passwords = passwords;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
        this.settings = properties.passwordReset();
        this.publicUrl = platform.publicUrl();
    }

    /** A link just issued, with the token in clear: it exists only here and in the e-mail. */
    private record Issued(StoredUser user, String token, Instant expiresAt) {}

    /** What the audit log keeps of a link asked for: never the token. */
    record LinkIssued(Instant linkExpiresAt) {}

    /**
     * Sends a reset link to this address if an enabled account has it. Whatever the address, it answers the same,
     * at about the same time: the e-mail goes out after the answer, from another thread.
     */
    public void request(String email) {
        String typed = email.trim().toLowerCase(Locale.ROOT);
        Optional<Issued> issued = transaction.execute(status -> {
            Optional<StoredUser> user = typed.length() > 254 ? Optional.empty() : users.findByEmail(typed);
            if (user.isEmpty() || !user.get().enabled()) {
                return Optional.empty();
            }
            Instant now = clock.instant();
            if (resets.issuedSince(user.get().id(), now.minus(RESEND_AFTER))) {
                return Optional.empty();
            }
            if (publicUrl == null || !mail.configured()) {
                log.warn(
                        "User {} asked for a password reset e-mail, which cannot be sent: {}",
                        user.get().id(),
                        publicUrl == null
                                ? "set ONEPLACE_PUBLIC_URL, the address of this installation that the link points"
                                        + " to (never taken from an anonymous request, whose Host header anybody can"
                                        + " forge)"
                                : "no mail server is configured (set SPRING_MAIL_HOST)");
                return Optional.empty();
            }
            Issued link = issue(user.get(), now);
            audit.record(
                    "user.password-reset-requested",
                    "user",
                    link.user().id().toString(),
                    null,
                    new LinkIssued(link.expiresAt()));
            return Optional.of(link);
        });
        if (issued != null && issued.isPresent()) {
            Issued link = issued.get();
            String url = link(publicUrl, link.token());
            Thread.ofVirtual()
                    .name("password-reset-mail")
                    .start(() -> mail.send(link.user(), url, link.expiresAt(), false));
        }
    }

    /**
     * Makes a user choose a new password: the current one stops signing in at once, their console sessions end,
     * earlier links are revoked, and a new link is e-mailed to them. Links point at {@code ONEPLACE_PUBLIC_URL},
     * else at the address the admin used.
     */
    @PreAuthorize("hasAuthority('users:manage')")
    public PasswordResetView force(UUID userId) {
        String base = publicUrl != null ? publicUrl : requestBase();
        Issued issued = Objects.requireNonNull(transaction.execute(status -> {
            StoredUser before = users.lockById(userId).orElseThrow(() -> StaffException.unknownUser(userId));
            if (!before.enabled()) {
                throw StaffException.conflict(
                        before.email() + " is disabled; enable the user first, then ask for a" + " new password.");
            }
            Instant now = clock.instant();
            StoredUser after = before.requiringPasswordReset(now);
            users.update(after);
            resets.deleteAllOf(userId);
            Issued link = issue(after, now);
            audit.record("user.password-reset-forced", "user", userId.toString(), before.view(), after.view());
            sessions.endAllOf(before.email());
            return link;
        }));
        boolean sent = base != null && mail.send(issued.user(), link(base, issued.token()), issued.expiresAt(), true);
        if (base == null) {
            log.warn("The password reset e-mail for user {} cannot be sent: set ONEPLACE_PUBLIC_URL", userId);
        }
        return new PasswordResetView(userId, issued.user().email(), issued.expiresAt(), sent);
    }

    /** Whether a link still works (without using it up), to show its form or say at once that it expired. */
    @Transactional(readOnly = true)
    public boolean linkWorks(String token) {
        return resets.userOf(Secrets.sha256(token), clock.instant())
                .flatMap(users::findById)
                .filter(StoredUser::enabled)
                .isPresent();
    }

    /**
     * Sets a new password through a link and uses the link up. Ends the account's lockout, revokes its other links
     * and ends its console sessions.
     *
     * @throws StaffException when the password is too short or long, or the link expired, was used or is unknown
     */
    public void reset(String token, String newPassword) {
        if (newPassword.length() < MIN_PASSWORD_LENGTH || newPassword.length() > MAX_PASSWORD_LENGTH) {
            throw StaffException.invalid("Choose a password of at least " + MIN_PASSWORD_LENGTH
                    + " characters (at most " + MAX_PASSWORD_LENGTH + ").");
        }
        String hash = passwords.encode(newPassword);
        transaction.executeWithoutResult(status -> {
            Instant now = clock.instant();
            StoredUser before = resets.consume(Secrets.sha256(token), now)
                    .flatMap(users::lockById)
                    .filter(StoredUser::enabled)
                    .orElseThrow(StaffException::resetLinkUnusable);
            StoredUser after = before.withPassword(hash, now);
            users.update(after);
            resets.deleteAllOf(before.id());
            failures.clear(before.id());
            audit.record("user.password-reset", "user", before.id().toString(), before.view(), after.view());
            sessions.endAllOf(before.email());
        });
    }

    private Issued issue(StoredUser user, Instant now) {
        String token = Secrets.random("", 32);
        Instant expiresAt = now.plus(settings.linkValidity());
        resets.insert(Secrets.sha256(token), user.id(), now, expiresAt);
        return new Issued(user, token, expiresAt);
    }

    private static String link(String base, String token) {
        return base + "/password-reset?token=" + token; // base64url: nothing to encode
    }

    private static @Nullable String requestBase() {
        if (RequestContextHolder.getRequestAttributes() == null) {
            return null;
        }
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }
}
