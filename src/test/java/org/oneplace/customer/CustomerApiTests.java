package org.oneplace.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oneplace.Api.assertProblem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.OneplaceIntegrationTest;
import tools.jackson.databind.JsonNode;

/** The customer record through the management API and the tracking API: resolution, merge, undo, privacy. */
class CustomerApiTests extends OneplaceIntegrationTest {

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static String email() {
        return "p" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private String token(String role) {
        String email = role.toLowerCase() + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
        Answer user = api.post(
                "/api/v1/users",
                ADMIN_TOKEN,
                Map.of(
                        "email",
                        email,
                        "displayName",
                        role,
                        "roles",
                        List.of(role),
                        "password",
                        "long enough password"));
        assertThat(user.status()).as(user.toString()).isEqualTo(201);
        Answer token = api.post(
                "/api/v1/tokens",
                ADMIN_TOKEN,
                Map.of(
                        "name",
                        role,
                        "ownerId",
                        user.json().path("id").asString(),
                        "scopes",
                        switch (role) {
                            case "AGENT" -> List.of("customers:read", "customers:write");
                            case "SUPERVISOR" -> List.of("customers:read", "customers:merge", "customers:export");
                            default -> List.of("metrics:read");
                        }));
        assertThat(token.status()).as(token.toString()).isEqualTo(201);
        return token.json().path("secret").asString();
    }

    private void track(String anonymousId, String event) {
        assertThat(api.segment("/v1/track", WRITE_KEY, Map.of("anonymousId", anonymousId, "event", event))
                        .status())
                .isEqualTo(200);
    }

    private void identify(Map<String, Object> call) {
        Answer answer = api.segment("/v1/identify", WRITE_KEY, call);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    private List<String> events(String customerId) {
        List<String> names = new ArrayList<>();
        api.get("/api/v1/customers/" + customerId + "/timeline?kind=tracking&limit=500", ADMIN_TOKEN)
                .json()
                .path("items")
                .forEach(i -> names.add(i.path("summary").asString()));
        return names;
    }

    private static List<String> identifiers(JsonNode customer) {
        List<String> ids = new ArrayList<>();
        customer.path("identifiers")
                .forEach(i -> ids.add(
                        i.path("type").asString() + ":" + i.path("value").asString()));
        return ids;
    }

    @Test
    void identifyFoldsTheAnonymousVisitorAndItsEventsIntoTheKnownCustomer() {
        String userId = id("user");
        String email = email();
        String laptop = id("laptop");
        String phone = id("phone");
        track(laptop, "Browsed on laptop");
        identify(Map.of("anonymousId", laptop, "userId", userId, "traits", Map.of("email", email)));
        track(phone, "Browsed on phone");
        identify(Map.of("anonymousId", phone, "userId", userId));

        JsonNode customer = customer("user_id", userId);
        assertThat(identifiers(customer))
                .contains("anonymous_id:" + laptop, "anonymous_id:" + phone, "user_id:" + userId, "email:" + email);
        assertThat(events(customer.path("id").asString())).contains("Browsed on laptop", "Browsed on phone");
        assertThat(customer.path("mergedIds")).hasSize(1);
        String mergedId = customer.path("mergedIds").get(0).asString();
        // the merged-away id answers with the survivor
        assertThat(api.get("/api/v1/customers/" + mergedId, ADMIN_TOKEN)
                        .json()
                        .path("id")
                        .asString())
                .isEqualTo(customer.path("id").asString());
        // a trait written to the merged-away id lands on the survivor (LOAD-07)
        Answer patched =
                api.patch("/api/v1/customers/" + mergedId, ADMIN_TOKEN, Map.of("traits", Map.of("tier", "gold")));
        assertThat(patched.json().path("id").asString())
                .isEqualTo(customer.path("id").asString());
        assertThat(customer("user_id", userId).path("traits").path("tier").asString())
                .isEqualTo("gold");
        // every link explains itself
        List<JsonNode> links = new ArrayList<>();
        api.get("/api/v1/customers/" + mergedId + "/links", ADMIN_TOKEN).json().forEach(links::add);
        JsonNode phoneLink = links.stream()
                .filter(l -> l.path("value").asString().equals(phone))
                .findFirst()
                .orElseThrow();
        assertThat(phoneLink.path("rule").asString()).isEqualTo("created");
        assertThat(phoneLink.path("source").asString()).isEqualTo("tracking:web");
        assertThat(phoneLink.path("sourceRef").asString()).isNotBlank();
        assertThat(phoneLink.path("explanation").asString()).contains("came to this customer with merge");
    }

    @Test
    void twoDifferentUserIdsNeverMergeAndTheConflictIsListed() {
        String device = id("shared-laptop");
        String first = id("user");
        String second = id("user");
        identify(Map.of("anonymousId", device, "userId", first));
        identify(Map.of("anonymousId", device, "userId", second));

        JsonNode one = customer("user_id", first);
        JsonNode two = customer("user_id", second);
        assertThat(one.path("id").asString()).isNotEqualTo(two.path("id").asString());
        assertThat(identifiers(one)).contains("anonymous_id:" + device);
        assertThat(identifiers(two)).doesNotContain("anonymous_id:" + device);
        Answer conflicts = api.get("/api/v1/customers/" + two.path("id").asString() + "/conflicts", ADMIN_TOKEN);
        assertThat(conflicts.json()).hasSize(1);
        assertThat(conflicts.json().get(0).path("reason").asString()).contains("two different user ids");

        Answer manual = api.post(
                "/api/v1/customers/merges",
                ADMIN_TOKEN,
                Map.of(
                        "survivorId", one.path("id").asString(),
                        "mergedId", two.path("id").asString(),
                        "reason", "looks the same"));
        assertProblem(manual, 409, "two different user ids");
    }

    @Test
    void anUnverifiedClaimIsAttachedButNeverMergesSomeoneElsesRecord() {
        String owner = id("user");
        String email = email();
        identify(Map.of("userId", owner, "traits", Map.of("email", email)));
        String stranger = id("visitor");
        // an anonymous visitor types the owner's email: a claim, not a proof
        identify(Map.of("anonymousId", stranger, "traits", Map.of("email", email)));

        JsonNode ownerRecord = customer("user_id", owner);
        JsonNode strangerRecord = customer("anonymous_id", stranger);
        assertThat(strangerRecord.path("id").asString())
                .isNotEqualTo(ownerRecord.path("id").asString());
        assertThat(identifiers(strangerRecord)).doesNotContain("email:" + email);
        assertThat(customer("email", email).path("id").asString())
                .isEqualTo(ownerRecord.path("id").asString());

        // an unclaimed email typed by a visitor is attached as an unverified claim …
        String fresh = email();
        identify(Map.of("anonymousId", stranger, "traits", Map.of("email", fresh)));
        JsonNode claimed = customer("email", fresh);
        assertThat(claimed.path("id").asString())
                .isEqualTo(strangerRecord.path("id").asString());
        // … which the verified owner of the address takes over later, without merging the visitor
        String realOwner = id("user");
        identify(Map.of("userId", realOwner, "traits", Map.of("email", fresh)));
        assertThat(customer("email", fresh).path("id").asString())
                .isEqualTo(customer("user_id", realOwner).path("id").asString());
        assertThat(customer("anonymous_id", stranger).path("id").asString())
                .isEqualTo(strangerRecord.path("id").asString());
    }

    @Test
    void addingAnIdentifierHeldByAnotherCustomerMergesAndTheMergeCanBeUndone() {
        String a = id("anon");
        String b = id("anon");
        String email = email();
        track(a, "First of A");
        identify(Map.of("anonymousId", a, "traits", Map.of("name", "Older A", "city", "Oslo")));
        identify(Map.of("anonymousId", b, "userId", id("user"), "traits", Map.of("email", email, "name", "Newer B")));
        track(b, "First of B");
        String older = customer("anonymous_id", a).path("id").asString();
        String newer = customer("anonymous_id", b).path("id").asString();

        Answer added = api.post(
                "/api/v1/customers/" + older + "/identifiers",
                ADMIN_TOKEN,
                Map.of("type", "email", "value", "  " + email.toUpperCase() + " ", "verified", true));
        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        assertThat(added.json().path("merged").asBoolean()).isTrue();
        JsonNode merged = added.json().path("customer");
        assertThat(merged.path("id").asString()).isEqualTo(older); // the oldest survives
        assertThat(identifiers(merged)).contains("anonymous_id:" + a, "anonymous_id:" + b, "email:" + email);
        assertThat(merged.path("traits").path("name").asString()).isEqualTo("Newer B"); // the later write wins
        assertThat(merged.path("traits").path("city").asString()).isEqualTo("Oslo");
        assertThat(events(older)).contains("First of A", "First of B");

        JsonNode merge = api.get("/api/v1/customers/" + older + "/merges", ADMIN_TOKEN)
                .json()
                .get(0);
        assertThat(merge.path("survivorId").asString()).isEqualTo(older);
        assertThat(merge.path("mergedId").asString()).isEqualTo(newer);
        Answer undo = api.post("/api/v1/customers/merges/" + merge.path("id").asString() + "/undo", ADMIN_TOKEN, "{}");
        assertThat(undo.status()).as(undo.toString()).isEqualTo(200);

        JsonNode restored = api.get("/api/v1/customers/" + newer, ADMIN_TOKEN).json();
        assertThat(restored.path("id").asString()).isEqualTo(newer);
        assertThat(identifiers(restored)).contains("anonymous_id:" + b, "email:" + email);
        assertThat(restored.path("traits").path("name").asString()).isEqualTo("Newer B");
        assertThat(events(newer)).containsExactlyInAnyOrder("First of B", "Identified");
        JsonNode survivor = api.get("/api/v1/customers/" + older, ADMIN_TOKEN).json();
        assertThat(identifiers(survivor)).containsExactly("anonymous_id:" + a);
        assertThat(survivor.path("traits").path("name").asString()).isEqualTo("Older A");
        assertThat(events(older)).containsExactlyInAnyOrder("First of A", "Identified");
        assertProblem(
                api.post("/api/v1/customers/merges/" + merge.path("id").asString() + "/undo", ADMIN_TOKEN, "{}"),
                409,
                "undone already");
    }

    @Test
    void traitsAreLastWriteWinsByEventTimeNotArrivalTime() {
        String user = id("user");
        identify(Map.of("userId", user, "timestamp", Instant.now().toString(), "traits", Map.of("plan", "gold")));
        // an app that was offline delivers an older identify afterwards
        identify(Map.of(
                "userId",
                user,
                "timestamp",
                Instant.now().minusSeconds(3600).toString(),
                "traits",
                Map.of("plan", "silver", "city", "Lyon")));
        JsonNode customer = customer("user_id", user);
        assertThat(customer.path("traits").path("plan").asString()).isEqualTo("gold");
        assertThat(customer.path("traits").path("city").asString()).isEqualTo("Lyon");
    }

    @Test
    void identifiersAreNormalisedAndInvalidOnesRefusedNamingTheValue() {
        String user = id("user");
        identify(Map.of(
                "userId", user, "traits", Map.of("email", " Mixed.Case@Example.COM ", "phone", "+1 415 555 0123")));
        String customerId = customer("user_id", user).path("id").asString();
        assertThat(customer("email", "mixed.case@example.com").path("id").asString())
                .isEqualTo(customerId);
        assertThat(customer("phone", "+14155550123").path("id").asString()).isEqualTo(customerId);

        for (String bad : List.of("user@", "@x.com", "a@b..com")) {
            assertProblem(
                    api.post(
                            "/api/v1/customers/" + customerId + "/identifiers",
                            ADMIN_TOKEN,
                            Map.of("type", "email", "value", bad)),
                    400,
                    "'" + bad + "' is not a valid email address");
        }
        for (String bad : List.of("12345", "+1 (800) FLOWERS", "0151 2345 6789")) {
            assertProblem(
                    api.post(
                            "/api/v1/customers/" + customerId + "/identifiers",
                            ADMIN_TOKEN,
                            Map.of("type", "phone", "value", bad)),
                    400,
                    "'" + bad + "' is not a valid phone number");
        }
        assertProblem(
                api.post(
                        "/api/v1/customers/" + customerId + "/identifiers",
                        ADMIN_TOKEN,
                        Map.of("type", "fax", "value", "1")),
                400,
                "not an identifier type");
        assertProblem(
                api.get("/api/v1/customers/lookup?type=email&value=nobody@example.com", ADMIN_TOKEN),
                404,
                "nobody@example.com");
        assertProblem(api.get("/api/v1/customers/not-an-id", ADMIN_TOKEN), 404, "not-an-id");
        assertProblem(api.get("/api/v1/customers/" + UUID.randomUUID(), ADMIN_TOKEN), 404, "no customer");
    }

    @Test
    void searchFindsByNameOrIdentifierAndTakesWildcardsLiterally() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        identify(Map.of("userId", id("user"), "traits", Map.of("name", "Robert'); DROP TABLE customer;-- " + marker)));
        identify(Map.of("userId", id("user"), "traits", Map.of("name", "100% Cotton_" + marker)));
        identify(Map.of("userId", id("user"), "traits", Map.of("name", "100 Cotton " + marker)));

        assertThat(search(marker)).hasSize(3);
        assertThat(search("DROP TABLE customer;-- " + marker)).hasSize(1);
        assertThat(search("100% Cotton_" + marker)).hasSize(1);
        assertThat(search("%")).allSatisfy(name -> assertThat(name).contains("%"));
        String user = id("user");
        identify(Map.of("userId", user, "traits", Map.of("phone", "+1 415 555 0188")));
        assertThat(search("+1 (415) 555-0188")).isNotEmpty();
        assertThat(search("4155550188")).isNotEmpty();
        assertProblem(api.get("/api/v1/customers?q=%20", ADMIN_TOKEN), 400, "text to search");
    }

    private List<String> search(String q) {
        Answer answer = api.get(
                "/api/v1/customers?limit=200&q="
                        + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8),
                ADMIN_TOKEN);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        answer.json().path("items").forEach(i -> names.add(i.path("name").asString()));
        return names;
    }

    @Test
    void rolesDecideWhoMayReadMergeExportAndErase() {
        String agent = token("AGENT");
        String supervisor = token("SUPERVISOR");
        String analyst = token("ANALYST");
        String user = id("user");
        identify(Map.of("userId", user));
        String customerId = customer("user_id", user).path("id").asString();

        assertThat(api.get("/api/v1/customers/" + customerId, agent).status()).isEqualTo(200);
        assertProblem(api.get("/api/v1/customers/" + customerId, analyst), 403, "customers:read");
        assertProblem(
                api.post(
                        "/api/v1/customers/merges",
                        agent,
                        Map.of("survivorId", customerId, "mergedId", UUID.randomUUID(), "reason", "x")),
                403,
                "customers:merge");
        assertProblem(api.get("/api/v1/customers/" + customerId + "/export", agent), 403, "customers:export");
        assertThat(api.get("/api/v1/customers/" + customerId + "/export", supervisor)
                        .status())
                .isEqualTo(200);
        assertProblem(
                api.delete("/api/v1/customers/" + customerId + "?confirm=" + customerId, supervisor),
                403,
                "customers:erase");
    }

    @Test
    void exportHoldsEveryModulesDataForThePersonOnlyAndIsAudited() {
        String user = id("user");
        String other = id("user");
        identify(Map.of("userId", user, "traits", Map.of("name", "Export Me")));
        identify(Map.of("userId", other, "traits", Map.of("name", "Someone Else")));
        String customerId = customer("user_id", user).path("id").asString();
        api.segment("/v1/track", WRITE_KEY, Map.of("userId", user, "event", "Exported event"));
        api.put(
                "/api/v1/customers/" + customerId + "/consents",
                ADMIN_TOKEN,
                Map.of("channel", "sms", "purpose", "marketing", "status", "denied", "source", "store:S1"));

        Answer export = api.get("/api/v1/customers/" + customerId + "/export", ADMIN_TOKEN);
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.raw().headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        JsonNode document = export.json();
        assertThat(document.path("customer").path("name").asString()).isEqualTo("Export Me");
        assertThat(document.path("tracking").path("events")).hasSize(2);
        assertThat(document.path("consents").get(0).path("status").asString()).isEqualTo("denied");
        assertThat(export.raw().body()).doesNotContain("Someone Else").doesNotContain(other);
        JsonNode audit =
                api.get("/api/v1/audit?objectId=" + customerId, ADMIN_TOKEN).json();
        assertThat(audit.toString()).contains("customer.exported");
    }

    @Test
    void erasureRemovesThePersonAndLaterContactStartsANewUnlinkedCustomer() {
        String user = id("user");
        String email = email();
        String device = id("anon");
        track(device, "Before erasure");
        identify(Map.of("anonymousId", device, "userId", user, "traits", Map.of("email", email, "name", "Forget Me")));
        String secondDevice = id("anon");
        track(secondDevice, "On the second device");
        identify(Map.of("anonymousId", secondDevice, "userId", user)); // merges the second device's customer
        String customerId = customer("user_id", user).path("id").asString();
        api.put(
                "/api/v1/customers/" + customerId + "/consents",
                ADMIN_TOKEN,
                Map.of("channel", "email", "purpose", "marketing", "status", "granted"));

        assertProblem(api.delete("/api/v1/customers/" + customerId, ADMIN_TOKEN), 400, "?confirm=" + customerId);
        assertThat(api.delete("/api/v1/customers/" + customerId + "?confirm=" + customerId, ADMIN_TOKEN)
                        .status())
                .isEqualTo(204);

        assertProblem(api.get("/api/v1/customers/" + customerId, ADMIN_TOKEN), 404, "erased");
        assertProblem(api.get("/api/v1/customers/lookup?type=email&value=" + email, ADMIN_TOKEN), 404, email);
        assertThat(search("Forget Me")).isEmpty();
        String trail = api.get("/api/v1/audit?objectId=" + customerId, ADMIN_TOKEN)
                .raw()
                .body();
        assertThat(trail).contains("customer.erased").contains("customer.merged");
        assertThat(trail)
                .as("the append-only audit log keeps no personal data")
                .doesNotContain(email)
                .doesNotContain(device)
                .doesNotContain(secondDevice)
                .doesNotContain(user);

        identify(Map.of("anonymousId", id("anon"), "traits", Map.of("email", email)));
        JsonNode fresh = customer("email", email);
        assertThat(fresh.path("id").asString()).isNotEqualTo(customerId);
        assertThat(fresh.path("mergedIds")).isEmpty();
        assertThat(fresh.path("consents")).isEmpty();
        assertThat(events(fresh.path("id").asString())).doesNotContain("Before erasure");
    }
}
