package org.oneplace.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oneplace.Api.assertProblem;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.ConsoleVisitor;
import org.oneplace.OneplaceIntegrationTest;
import org.oneplace.platform.AuditEntryView;
import org.oneplace.platform.AuditLog;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 12, logins (SEC-12): an account locks after repeated wrong passwords, with a backoff that doubles, even
 * against the right password; every refusal is audited without the password (and without an unknown address in
 * clear); a forgotten password is reset through a single-use link e-mailed to the account (GreenMail), with the
 * same answer whether or not the address has an account; an admin can force a reset. Time does not pass in these
 * tests: a lock or a link is aged in the database instead.
 */
class SignInProtectionTests extends OneplaceIntegrationTest {

    private static final String PUBLIC_URL = "https://oneplace.test"; // as OneplaceIntegrationTest sets it
    private static final Pattern LINK =
            Pattern.compile(Pattern.quote(PUBLIC_URL) + "/password-reset\\?token=([A-Za-z0-9_-]+)");

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    @Test
    void wrongPasswordsLockTheAccountEvenAgainstTheRightOneUntilTheDoublingBackoffPasses() {
        String password = "the right password " + UUID.randomUUID();
        String email = StaffAccessTests.unique("locked");
        String id = createUser(email, password);
        ConsoleVisitor visitor = new ConsoleVisitor(port);

        for (int i = 1; i <= 4; i++) {
            assertThat(visitor.signIn(email, "wrong " + i)).isFalse();
        }
        assertThat(lockedUntil(id)).as("four failures do not lock").isNull();
        assertThat(visitor.signIn(email, "wrong 5")).isFalse();
        assertThat(lockedUntil(id)).as("the fifth locks").isNotNull();
        assertThat(visitor.signIn(email, password))
                .as("locked: the right password is refused")
                .isFalse();
        // from any address: the lock is the account's, kept in the database for every node
        assertThat(new ConsoleVisitor(port).signIn(email, password)).isFalse();

        List<AuditEntryView> trail = audit.recent("user", id, 20);
        assertThat(trail)
                .extracting(AuditEntryView::action)
                .containsExactly(
                        "user.sign-in-failed",
                        "user.sign-in-failed",
                        "user.locked",
                        "user.sign-in-failed",
                        "user.sign-in-failed",
                        "user.sign-in-failed",
                        "user.sign-in-failed",
                        "user.sign-in-failed",
                        "user.created");
        assertThat(trail.get(0).after()).contains("\"locked\"");
        assertThat(trail.get(2).after()).contains("\"failures\": 5").contains("\"lockedForSeconds\": 60");
        assertThat(trail.get(3).after()).contains("\"wrong-password\"");
        assertThat(trail.get(3).sourceIp()).startsWith("127.");
        assertThat(trail.toString()).doesNotContain(password).doesNotContain("wrong 1");

        // the lock passes; each further failure locks again, twice as long
        ageLock(id);
        assertThat(visitor.signIn(email, "wrong 6")).isFalse();
        assertThat(audit.recent("user", id, 1).getFirst().after()).contains("\"lockedForSeconds\": 120");
        assertThat(visitor.signIn(email, password)).isFalse();
        ageLock(id);
        assertThat(visitor.signIn(email, password))
                .as("after the backoff the right password works")
                .isTrue();
        assertThat(lockedUntil(id)).isNull();
        assertThat(jdbc.sql("SELECT count(*) FROM sign_in_failure WHERE user_id = CAST(:id AS uuid)")
                        .param("id", id)
                        .query(Integer.class)
                        .single())
                .as("a success starts the count afresh")
                .isZero();
    }

    @Test
    void aLockedAccountGetsTheSameAnswerAsAWrongPasswordOrAnUnknownAddress() {
        String password = "the right password " + UUID.randomUUID();
        String email = StaffAccessTests.unique("same");
        createUser(email, password);
        ConsoleVisitor visitor = new ConsoleVisitor(port);
        for (int i = 0; i < 5; i++) {
            visitor.signIn(email, "wrong");
        }
        HttpResponse<String> locked =
                visitor.submit("/login", "/login", Map.of("username", email, "password", password));
        HttpResponse<String> unknown = visitor.submit(
                "/login", "/login", Map.of("username", StaffAccessTests.unique("nobody"), "password", password));
        HttpResponse<String> wrong = new ConsoleVisitor(port)
                .submit("/login", "/login", Map.of("username", ADMIN_EMAIL, "password", "not the admin's password"));
        for (HttpResponse<String> answer : List.of(locked, unknown, wrong)) {
            assertThat(answer.statusCode()).isEqualTo(302);
            assertThat(ConsoleVisitor.location(answer)).endsWith("/login?error");
        }
        assertThat(visitor.get("/login?error").body())
                .contains("Wrong email or password, or too many attempts: try again later or reset your password.")
                .contains("href=\"/password-reset\"");
        assertThat(new ConsoleVisitor(port).signIn(ADMIN_EMAIL, ADMIN_PASSWORD)).isTrue();
    }

    @Test
    void signInsOnUnknownAddressesAreAuditedWithoutTheAddressInClear() {
        String email = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        ConsoleVisitor visitor = new ConsoleVisitor(port);
        assertThat(visitor.signIn(email.toUpperCase(), "some password")).isFalse();
        List<AuditEntryView> trail = audit.recent("sign-in", sha256(email), 5);
        assertThat(trail).extracting(AuditEntryView::action).containsExactly("sign-in.failed");
        assertThat(trail.getFirst().after()).contains("n***@example.com").doesNotContain(email);
        assertThat(trail.getFirst().toString()).doesNotContain("some password");

        // a password typed into the e-mail field is neither stored nor hashed
        String typo = "my secret passphrase " + UUID.randomUUID();
        assertThat(visitor.signIn(typo, "x")).isFalse();
        assertThat(audit.recent("sign-in", sha256(typo.toLowerCase()), 5)).isEmpty();
        assertThat(audit.recent("sign-in", "not-an-email-address", 500).toString())
                .doesNotContain(typo);
    }

    @Test
    void aForgottenPasswordIsResetThroughASingleUseLinkThatEndsTheOtherSessions() throws Exception {
        String oldPassword = "the old password " + UUID.randomUUID();
        String newPassword = "the new password " + UUID.randomUUID();
        String email = StaffAccessTests.unique("forgetful");
        String id = createUser(email, oldPassword);
        ConsoleVisitor elsewhere = new ConsoleVisitor(port);
        assertThat(elsewhere.signIn(email, oldPassword)).isTrue();
        assertThat(elsewhere.get("/inbox").statusCode()).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            new ConsoleVisitor(port).signIn(email, "an attacker's guess " + i);
        }
        assertThat(lockedUntil(id)).isNotNull();

        ConsoleVisitor visitor = new ConsoleVisitor(port);
        assertThat(visitor.get("/login").body()).contains("Forgot your password?");
        HttpResponse<String> asked = visitor.submit("/password-reset", "/password-reset", Map.of("email", email));
        assertThat(asked.statusCode()).isEqualTo(302);
        assertThat(ConsoleVisitor.location(asked)).endsWith("/password-reset?sent");
        assertThat(visitor.get("/password-reset?sent").body())
                .contains("If an account exists for that address, we sent a link");

        String token = tokenMailedTo(email);
        assertThat(token).hasSizeGreaterThanOrEqualTo(43); // 32 random bytes, base64url
        assertThat(jdbc.sql("SELECT count(*) FROM password_reset WHERE token_hash = :t OR token_hash = :h")
                        .param("t", token)
                        .param("h", sha256(token))
                        .query(Integer.class)
                        .single())
                .as("only the token's hash is stored")
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT token_hash FROM password_reset WHERE user_id = CAST(:id AS uuid)")
                        .param("id", id)
                        .query(String.class)
                        .list())
                .containsExactly(sha256(token));

        HttpResponse<String> page = visitor.get("/password-reset?token=" + token);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.body()).contains("id=\"choose-password\"");
        String form = "/password-reset?token=" + token;

        HttpResponse<String> differ = visitor.submit(
                form,
                "/password-reset/new",
                Map.of("token", token, "password", newPassword, "repeat", newPassword + "!"));
        assertThat(differ.statusCode()).isEqualTo(400);
        assertThat(differ.body()).contains("The two passwords differ");
        HttpResponse<String> tooShort = visitor.submit(
                form, "/password-reset/new", Map.of("token", token, "password", "short", "repeat", "short"));
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(tooShort.body()).contains("at least 12 characters");

        HttpResponse<String> reset = visitor.submit(
                form, "/password-reset/new", Map.of("token", token, "password", newPassword, "repeat", newPassword));
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(302);
        assertThat(ConsoleVisitor.location(reset)).endsWith("/login?reset");
        assertThat(visitor.get("/login?reset").body()).contains("Your password is changed");

        // single use
        HttpResponse<String> again = visitor.get("/password-reset?token=" + token);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("This link has expired or was already used");
        assertThat(lockedUntil(id)).as("the reset ends the lockout").isNull();
        assertThat(elsewhere.get("/inbox").statusCode())
                .as("the session signed in with the old password has ended")
                .isEqualTo(302);
        assertThat(new ConsoleVisitor(port).signIn(email, oldPassword)).isFalse();
        assertThat(new ConsoleVisitor(port).signIn(email, newPassword)).isTrue();

        List<AuditEntryView> trail = audit.recent("user", id, 20);
        assertThat(trail)
                .extracting(AuditEntryView::action)
                .contains("user.password-reset-requested", "user.password-reset");
        assertThat(trail.toString()).doesNotContain(token).doesNotContain(newPassword);
    }

    @Test
    void anExpiredLinkIsRefused() throws Exception {
        String password = "the only password " + UUID.randomUUID();
        String email = StaffAccessTests.unique("late");
        createUser(email, password);
        ConsoleVisitor visitor = new ConsoleVisitor(port);
        visitor.submit("/password-reset", "/password-reset", Map.of("email", email));
        String token = tokenMailedTo(email);
        jdbc.sql("UPDATE password_reset SET expires_at = now() - interval '1 second' WHERE token_hash = :h")
                .param("h", sha256(token))
                .update();

        HttpResponse<String> page = visitor.get("/password-reset?token=" + token);
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body())
                .contains("This link has expired or was already used")
                .doesNotContain("choose-password");
        // a form kept open past the expiry is refused too
        HttpResponse<String> set = visitor.submit(
                "/password-reset",
                "/password-reset/new",
                Map.of("token", token, "password", "a brand new password", "repeat", "a brand new password"));
        assertThat(set.statusCode()).isEqualTo(400);
        assertThat(set.body()).contains("expired or was already used");
        assertThat(new ConsoleVisitor(port).signIn(email, "a brand new password"))
                .isFalse();
        assertThat(new ConsoleVisitor(port).signIn(email, password)).isTrue();
        // a made-up token is no better
        assertThat(visitor.get("/password-reset?token=" + "A".repeat(43)).statusCode())
                .isEqualTo(400);
    }

    @Test
    void askingForALinkAnswersTheSameForKnownAndUnknownAddresses() throws Exception {
        String known = StaffAccessTests.unique("known");
        String unknown = StaffAccessTests.unique("unknown");
        String disabled = StaffAccessTests.unique("disabled");
        createUser(known, "a long enough password");
        String disabledId = createUser(disabled, "a long enough password");
        api.patch("/api/v1/users/" + disabledId, ADMIN_TOKEN, Map.of("enabled", false));

        List<HttpResponse<String>> answers = List.of(known, unknown, disabled).stream()
                .map(email ->
                        new ConsoleVisitor(port).submit("/password-reset", "/password-reset", Map.of("email", email)))
                .toList();
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).isEqualTo(answers.getFirst().statusCode());
            assertThat(ConsoleVisitor.location(answer)).isEqualTo(ConsoleVisitor.location(answers.getFirst()));
            assertThat(answer.body()).isEqualTo(answers.getFirst().body());
            assertThat(answer.headers().map().keySet())
                    .isEqualTo(answers.getFirst().headers().map().keySet());
        }
        assertThat(new ConsoleVisitor(port).get("/password-reset?sent").body())
                .isEqualTo(new ConsoleVisitor(port).get("/password-reset?sent").body());

        tokenMailedTo(known);
        assertThat(mailsTo(unknown)).isEmpty();
        assertThat(mailsTo(disabled)).isEmpty();
    }

    @Test
    void anAdminForcesAPasswordResetThatDisablesTheOldPasswordAtOnce() throws Exception {
        String oldPassword = "the old password " + UUID.randomUUID();
        String newPassword = "the new password " + UUID.randomUUID();
        String email = StaffAccessTests.unique("compromised");
        String id = createUser(email, oldPassword);
        ConsoleVisitor session = new ConsoleVisitor(port);
        assertThat(session.signIn(email, oldPassword)).isTrue();
        assertThat(session.get("/inbox").statusCode()).isEqualTo(200);

        Answer forced = api.post("/api/v1/users/" + id + "/password-reset", ADMIN_TOKEN, "");
        assertThat(forced.status()).as(forced.toString()).isEqualTo(202);
        assertThat(forced.json().path("emailSent").asBoolean()).isTrue();
        assertThat(forced.json().path("email").asString()).isEqualTo(email);
        assertThat(api.get("/api/v1/users/" + id, ADMIN_TOKEN)
                        .json()
                        .path("passwordResetRequired")
                        .asBoolean())
                .isTrue();
        assertThat(session.get("/inbox").statusCode()).as("their session ended").isEqualTo(302);
        assertThat(new ConsoleVisitor(port).signIn(email, oldPassword))
                .as("the old password no longer signs in")
                .isFalse();

        MimeMessage mail = awaitMail(email);
        assertThat(body(mail)).contains("an administrator asked you to choose a new password");
        String token = token(mail);
        ConsoleVisitor visitor = new ConsoleVisitor(port);
        HttpResponse<String> reset = visitor.submit(
                "/password-reset?token=" + token,
                "/password-reset/new",
                Map.of("token", token, "password", newPassword, "repeat", newPassword));
        assertThat(ConsoleVisitor.location(reset)).endsWith("/login?reset");
        assertThat(new ConsoleVisitor(port).signIn(email, newPassword)).isTrue();
        assertThat(api.get("/api/v1/users/" + id, ADMIN_TOKEN)
                        .json()
                        .path("passwordResetRequired")
                        .asBoolean())
                .isFalse();

        AuditEntryView entry = audit.recent("user", id, 20).stream()
                .filter(e -> e.action().equals("user.password-reset-forced"))
                .findFirst()
                .orElseThrow();
        assertThat(entry.actorType()).isEqualTo("token");
        assertThat(entry.after()).contains("\"passwordResetRequired\": true");

        assertProblem(
                api.post("/api/v1/users/" + UUID.randomUUID() + "/password-reset", ADMIN_TOKEN, ""), 404, "no user");
        api.patch("/api/v1/users/" + id, ADMIN_TOKEN, Map.of("enabled", false));
        assertProblem(
                api.post("/api/v1/users/" + id + "/password-reset", ADMIN_TOKEN, ""), 409, "enable the user first");
    }

    @Test
    void onlyUsersManagersForceResetsAndTheUsersPageHasTheButton() throws Exception {
        String agentPassword = "an agent's password " + UUID.randomUUID();
        String agent = StaffAccessTests.unique("agent");
        String agentId = createUser(agent, agentPassword);
        Answer token = api.post(
                "/api/v1/tokens",
                ADMIN_TOKEN,
                Map.of("name", "agent", "scopes", List.of("conversations:read"), "ownerId", agentId));
        String agentToken = token.json().path("secret").asString();
        assertProblem(api.post("/api/v1/users/" + agentId + "/password-reset", agentToken, ""), 403, "users:manage");

        ConsoleVisitor admin = new ConsoleVisitor(port);
        assertThat(admin.signIn(ADMIN_EMAIL, ADMIN_PASSWORD)).isTrue();
        String action = "/settings/users/" + agentId + "/password-reset";
        assertThat(admin.get("/settings/users").body()).contains("action=\"" + action + "\"");
        HttpResponse<String> sent = admin.submit("/settings/users", action, Map.of());
        assertThat(ConsoleVisitor.location(sent)).endsWith("/settings/users");
        assertThat(admin.get("/settings/users").body())
                .contains("Sent " + agent + " a link to choose a new password")
                .contains("waiting for a new password");
        assertThat(token(awaitMail(agent))).isNotBlank();
        assertThat(new ConsoleVisitor(port).signIn(agent, agentPassword)).isFalse();
    }

    private String createUser(String email, String password) {
        Answer created = api.post(
                "/api/v1/users",
                ADMIN_TOKEN,
                Map.of("email", email, "displayName", "Pat", "roles", List.of("AGENT"), "password", password));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("user").path("id").asString();
    }

    /** Until when the account is locked, or null when it is not (now). */
    private @Nullable Instant lockedUntil(String userId) {
        return jdbc.sql("""
                        SELECT locked_until FROM sign_in_failure
                         WHERE user_id = CAST(:id AS uuid) AND locked_until > now()
                        """)
                .param("id", userId)
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant())
                .optional()
                .orElse(null);
    }

    /** Lets the account's lock pass, as if its backoff had gone by. */
    private void ageLock(String userId) {
        jdbc.sql(
                        "UPDATE sign_in_failure SET locked_until = now() - interval '1 second' WHERE user_id = CAST(:id AS uuid)")
                .param("id", userId)
                .update();
    }

    private String tokenMailedTo(String email) throws Exception {
        return token(awaitMail(email));
    }

    private static String token(MimeMessage mail) throws Exception {
        Matcher link = LINK.matcher(body(mail));
        assertThat(link.find()).as(body(mail)).isTrue();
        return link.group(1);
    }

    private static String body(MimeMessage mail) throws MessagingException, IOException {
        return mail.getContent().toString();
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
