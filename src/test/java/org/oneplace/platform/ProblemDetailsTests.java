package org.oneplace.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oneplace.Api.assertProblem;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.OneplaceIntegrationTest;

/** Every kind of bad request gets an RFC 9457 problem whose detail says what to change, and no stack trace. */
class ProblemDetailsTests extends OneplaceIntegrationTest {

    private static final Map<String, String> JSON_BODY =
            Map.of("Content-Type", "application/json", "Authorization", "Bearer " + ADMIN_TOKEN);

    @Test
    void everyListAnswersACursorItNeverGaveOutTheSameWay() {
        String customer = java.util.UUID.randomUUID().toString();
        for (String list : java.util.List.of(
                "/api/v1/users",
                "/api/v1/tokens",
                "/api/v1/write-keys",
                "/api/v1/customers?q=ana",
                "/api/v1/products",
                "/api/v1/conversations")) {
            for (String cursor : java.util.List.of("garbage", "MTIzNDU", "0190d0a2-0000-7000-8000-000000000000")) {
                Answer answer = api.get(list + (list.contains("?") ? "&" : "?") + "cursor=" + cursor, ADMIN_TOKEN);
                assertProblem(answer, 400, "is not a cursor this list gave out");
                assertThat(answer.json().path("field").asString()).as(list).isEqualTo("cursor");
            }
        }
        // a list of a customer nobody has is a 404 before its cursor is read
        assertProblem(api.get("/api/v1/customers/" + customer + "/orders?cursor=x", ADMIN_TOKEN), 404, "customer");
    }

    @Test
    void unknownPathIsANotFoundProblem() {
        Answer answer = api.get("/api/v1/no-such-thing", ADMIN_TOKEN);
        assertProblem(answer, 404, "no endpoint GET /api/v1/no-such-thing");
    }

    @Test
    void wrongMethodNamesTheAllowedOnes() {
        Answer answer = api.send("PUT", "/api/v1/users", Map.of("Authorization", "Bearer " + ADMIN_TOKEN), null);
        assertProblem(answer, 405, "PUT is not supported here; use");
        assertThat(answer.detail()).contains("GET").contains("POST");
    }

    @Test
    void wrongContentTypeNamesTheExpectedOne() {
        Answer answer = api.send(
                "POST",
                "/api/v1/users",
                Map.of("Content-Type", "text/plain", "Authorization", "Bearer " + ADMIN_TOKEN),
                "hello");
        assertProblem(answer, 415, "send application/json");
    }

    @Test
    void malformedJsonSaysWhere() {
        Answer answer = api.send("POST", "/api/v1/users", JSON_BODY, "{\"email\": ");
        assertProblem(answer, 400, "not valid JSON");
    }

    @Test
    void duplicateKeysAreRefused() {
        Answer answer = api.send(
                "POST",
                "/api/v1/users",
                JSON_BODY,
                "{\"email\":\"a@example.com\",\"email\":\"b@example.com\",\"displayName\":\"A\",\"roles\":[\"AGENT\"]}");
        assertProblem(answer, 400, "Duplicate");
        assertThat(answer.detail()).contains("email");
    }

    @Test
    void unknownFieldsAreNamed() {
        Answer answer = api.send(
                "POST",
                "/api/v1/users",
                JSON_BODY,
                "{\"email\":\"a@example.com\",\"displayName\":\"A\",\"rolez\":[\"AGENT\"]}");
        assertProblem(answer, 400, "Unknown field 'rolez'");
        assertThat(answer.detail()).contains("roles");
    }

    @Test
    void enumValuesAreListed() {
        Answer answer = api.post(
                "/api/v1/users",
                ADMIN_TOKEN,
                Map.of("email", "boss@example.com", "displayName", "Boss", "roles", new String[] {"BOSS"}));
        assertProblem(answer, 400, "'roles[0]' cannot take the value 'BOSS'");
        assertThat(answer.detail()).contains("AGENT");
    }

    @Test
    void validationFailuresNameEachField() {
        Answer answer = api.post(
                "/api/v1/users",
                ADMIN_TOKEN,
                Map.of("email", "", "displayName", "X", "roles", new String[0], "password", "short"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.detail()).contains("'email'").contains("'roles'").contains("'password'");
        assertThat(answer.json().path("errors").size()).isEqualTo(3);
    }

    @Test
    void invalidValueInsideAValidShapeIsExplained() {
        Answer answer = api.post(
                "/api/v1/users",
                ADMIN_TOKEN,
                Map.of("email", "not an email", "displayName", "X", "roles", new String[] {"AGENT"}));
        assertProblem(answer, 400, "'not an email' is not a valid email address");
    }

    @Test
    void malformedIdInPathIsNotFoundWithoutNamingTheType() {
        Answer answer = api.get("/api/v1/users/42", ADMIN_TOKEN);
        assertProblem(answer, 404, "nothing with the id '42'");
        assertThat(answer.detail()).doesNotContainIgnoringCase("uuid");
    }

    @Test
    void bodyOverTheLimitIsRefusedWith413() {
        String big = "{\"name\":\"" + "x".repeat(1_100_000) + "\",\"source\":\"web\"}";
        Answer answer = api.send("POST", "/api/v1/write-keys", JSON_BODY, big);
        assertProblem(answer, 413, "larger than the limit");
    }

    @Test
    void missingCredentialsAreA401ProblemWithAChallenge() {
        Answer answer = api.get("/api/v1/users", null);
        assertProblem(answer, 401, "needs an API token");
        assertThat(answer.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void unknownTokenIsA401Problem() {
        Answer answer = api.get("/api/v1/users", "op_not_a_real_token");
        assertProblem(answer, 401, "unknown, expired or revoked");
    }

    @Test
    void unknownObjectIsA404Problem() {
        Answer answer = api.get("/api/v1/users/01890a5d-ac96-774b-bcce-b302099a8057", ADMIN_TOKEN);
        assertProblem(answer, 404, "There is no user 01890a5d-ac96-774b-bcce-b302099a8057");
    }
}
