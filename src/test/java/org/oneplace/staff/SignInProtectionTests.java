package org.oneplace.staff;

import static org.assertj.core.api.Assertions.assertThat;

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
 * clear). Time does not pass in these tests: a lock is aged in the database instead.
 */
class SignInProtectionTests extends OneplaceIntegrationTest {

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
                .contains("Wrong email or password, or too many attempts: try again later or reset your password.");
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

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
