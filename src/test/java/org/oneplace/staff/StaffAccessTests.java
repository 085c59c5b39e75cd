package org.oneplace.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.oneplace.Api.assertProblem;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.OneplaceIntegrationTest;
import org.oneplace.platform.AuditEntryView;
import org.oneplace.platform.AuditLog;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Users, tokens and write keys through the management API, with the role limits and the audit trail. */
class StaffAccessTests extends OneplaceIntegrationTest {

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcClient jdbc;

    @Test
    void adminManagesUsersAndEveryChangeIsAudited() {
        String email = unique("agent");
        Answer created = api.post(
                "/api/v1/users",
                ADMIN_TOKEN,
                Map.of("email", email.toUpperCase(), "displayName", "Ada Agent", "roles", List.of("AGENT")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode user = created.json().path("user");
        String id = user.path("id").asString();
        assertThat(user.path("email").asString()).isEqualTo(email);
        assertThat(created.json().path("initialPassword").asString()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(created.raw().headers().firstValue("Location")).hasValue("/api/v1/users/" + id);
        assertThat(created.raw().body()).doesNotContain("passwordHash").doesNotContain("{bcrypt}");

        Answer again = api.post(
                "/api/v1/users", ADMIN_TOKEN, Map.of("email", email, "displayName", "Twin", "roles", List.of("AGENT")));
        assertProblem(again, 409, "already exists");

        Answer promoted =
                api.patch("/api/v1/users/" + id, ADMIN_TOKEN, Map.of("roles", List.of("AGENT", "SUPERVISOR")));
        assertThat(promoted.json().path("roles").toString()).contains("SUPERVISOR");

        List<AuditEntryView> trail = audit.recent("user", id, 10);
        assertThat(trail).extracting(AuditEntryView::action).containsExactly("user.updated", "user.created");
        AuditEntryView update = trail.getFirst();
        assertThat(update.actorType()).isEqualTo("token");
        assertThat(update.actorName()).contains(ADMIN_EMAIL);
        assertThat(update.before()).contains("AGENT").doesNotContain("SUPERVISOR");
        assertThat(update.after()).contains("SUPERVISOR");
        assertThat(update.sourceIp()).isNotBlank();

        Answer listed = api.get("/api/v1/users?limit=200", ADMIN_TOKEN);
        assertThat(listed.json().path("items").toString()).contains(email);
    }

    @Test
    void usersArePagedWithACursor() {
        for (int i = 0; i < 3; i++) {
            api.post(
                    "/api/v1/users",
                    ADMIN_TOKEN,
                    Map.of("email", unique("page"), "displayName", "P", "roles", List.of("ANALYST")));
        }
        Answer first = api.get("/api/v1/users?limit=2", ADMIN_TOKEN);
        assertThat(first.json().path("items").size()).isEqualTo(2);
        String cursor = first.json().path("nextCursor").asString();
        Answer second = api.get("/api/v1/users?limit=2&cursor=" + cursor, ADMIN_TOKEN);
        assertThat(second.json().path("items").get(0).path("id").asString())
                .isGreaterThan(first.json().path("items").get(1).path("id").asString());
        assertProblem(api.get("/api/v1/users?limit=0", ADMIN_TOKEN), 400, "limit");
    }

    @Test
    void agentCannotManageUsersOrTokens() {
        String agentToken = tokenFor(unique("agent"), "AGENT", List.of());
        Answer users = api.get("/api/v1/users", agentToken);
        assertProblem(users, 403, "users:read");
        Answer create = api.post(
                "/api/v1/users",
                agentToken,
                Map.of("email", unique("x"), "displayName", "X", "roles", List.of("AGENT")));
        assertProblem(create, 403, "users:manage");
        assertProblem(api.get("/api/v1/tokens", agentToken), 403, "tokens:manage");
        assertProblem(
                api.post("/api/v1/write-keys", agentToken, Map.of("name", "w", "source", "web")),
                403,
                "write-keys:manage");
    }

    @Test
    void tokenScopesLimitWhatATokenMayDo() {
        Answer readOnly =
                api.post("/api/v1/tokens", ADMIN_TOKEN, Map.of("name", "reader", "scopes", List.of("users:read")));
        assertThat(readOnly.status()).as(readOnly.toString()).isEqualTo(201);
        String secret = readOnly.json().path("secret").asString();
        assertThat(readOnly.json().path("token").path("hint").asString())
                .isEqualTo("…" + secret.substring(secret.length() - 4));
        assertThat(api.get("/api/v1/users", secret).status()).isEqualTo(200);
        assertProblem(
                api.post(
                        "/api/v1/users",
                        secret,
                        Map.of("email", unique("y"), "displayName", "Y", "roles", List.of("AGENT"))),
                403,
                "users:manage");
    }

    @Test
    void aTokenCannotBeWiderThanItsCreator() {
        String supervisor = tokenFor(unique("lead"), "ADMIN", List.of("tokens:manage"));
        Answer forAgent = api.post(
                "/api/v1/tokens",
                ADMIN_TOKEN,
                Map.of("name", "too much", "scopes", List.of("users:read"), "ownerId", idOf(createAgent())));
        assertProblem(forAgent, 403, "does not hold [users:read]");
        Answer wider =
                api.post("/api/v1/tokens", supervisor, Map.of("name", "wider", "scopes", List.of("users:manage")));
        assertProblem(wider, 403, "[users:manage]");
    }

    @Test
    void revokedTokenStopsWorkingImmediately() {
        Answer created =
                api.post("/api/v1/tokens", ADMIN_TOKEN, Map.of("name", "short-lived", "scopes", List.of("users:read")));
        String secret = created.json().path("secret").asString();
        String id = created.json().path("token").path("id").asString();
        assertThat(api.get("/api/v1/users", secret).status()).isEqualTo(200);

        Answer revoked = api.delete("/api/v1/tokens/" + id, ADMIN_TOKEN);
        assertThat(revoked.json().path("revokedAt").isNull()).isFalse();
        assertProblem(api.get("/api/v1/users", secret), 401, "revoked");

        List<AuditEntryView> trail = audit.recent("api_token", id, 10);
        assertThat(trail).extracting(AuditEntryView::action).containsExactly("token.revoked", "token.created");
        assertThat(trail.toString()).doesNotContain(secret);
    }

    @Test
    void disablingAUserStopsTheirTokens() {
        String email = unique("leaver");
        String token = tokenFor(email, "ADMIN", List.of("users:read"));
        assertThat(api.get("/api/v1/users", token).status()).isEqualTo(200);
        String id = idOf(email);
        api.patch("/api/v1/users/" + id, ADMIN_TOKEN, Map.of("enabled", false));
        assertProblem(api.get("/api/v1/users", token), 401, "disabled");
    }

    @Test
    void nobodyCanDisableThemselvesOrDropTheirOwnAdminRole() {
        String email = unique("solo");
        String soloToken = tokenFor(email, "ADMIN", List.of("users:manage", "users:read"));
        String soloId = idOf(email);
        Answer selfDisable = api.patch("/api/v1/users/" + soloId, soloToken, Map.of("enabled", false));
        assertProblem(selfDisable, 400, "cannot disable yourself");
        Answer selfDemote = api.patch("/api/v1/users/" + soloId, soloToken, Map.of("roles", List.of("AGENT")));
        assertProblem(selfDemote, 400, "cannot remove your own ADMIN role");
    }

    @Test
    void writeKeysNameTheirSourceAndCanBeRevoked() {
        Answer created = api.post("/api/v1/write-keys", ADMIN_TOKEN, Map.of("name", "mobile app", "source", "app"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("source").asString()).isEqualTo("app");
        assertThat(created.json().path("key").asString()).startsWith("wk_");
        String id = created.json().path("id").asString();
        assertThat(api.patch("/api/v1/write-keys/" + id, ADMIN_TOKEN, Map.of("name", "iOS app"))
                        .json()
                        .path("name")
                        .asString())
                .isEqualTo("iOS app");
        assertThat(api.delete("/api/v1/write-keys/" + id, ADMIN_TOKEN)
                        .json()
                        .path("revokedAt")
                        .isNull())
                .isFalse();
        assertProblem(
                api.post("/api/v1/write-keys", ADMIN_TOKEN, Map.of("name", "x", "source", "fax")),
                400,
                "'fax' is not a channel");
        assertThat(audit.recent("write_key", id, 10))
                .extracting(AuditEntryView::action)
                .containsExactly("write-key.revoked", "write-key.renamed", "write-key.created");
    }

    @Test
    void auditRowsCannotBeChangedOrDeleted() {
        api.post("/api/v1/write-keys", ADMIN_TOKEN, Map.of("name", "audited", "source", "store"));
        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_entry SET actor_name = 'someone else'")
                        .update())
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_entry").update()).hasMessageContaining("append-only");
    }

    /** Creates a user with a role and has the admin issue a token acting for them with the given scopes. */
    private String tokenFor(String email, String role, List<String> scopes) {
        Answer user = api.post(
                "/api/v1/users", ADMIN_TOKEN, Map.of("email", email, "displayName", "U", "roles", List.of(role)));
        String ownerId = user.json().path("user").path("id").asString();
        Answer token = api.post(
                "/api/v1/tokens", ADMIN_TOKEN, Map.of("name", "for " + email, "scopes", scopes, "ownerId", ownerId));
        assertThat(token.status()).as(token.toString()).isEqualTo(201);
        return token.json().path("secret").asString();
    }

    private String createAgent() {
        String email = unique("agent");
        api.post("/api/v1/users", ADMIN_TOKEN, Map.of("email", email, "displayName", "A", "roles", List.of("AGENT")));
        return email;
    }

    private String idOf(String email) {
        return api.get("/api/v1/users?limit=200", ADMIN_TOKEN)
                .json()
                .path("items")
                .valueStream()
                .filter(u -> u.path("email").asString().equals(email))
                .findFirst()
                .orElseThrow()
                .path("id")
                .asString();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }
}
