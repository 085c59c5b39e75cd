package org.oneplace.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.oneplace.Api.assertProblem;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.OneplaceIntegrationTest;
import tools.jackson.databind.JsonNode;

/** The Segment HTTP API as SDKs use it, and its failure modes (BAD-*, IDEM-08), through HTTP only. */
class TrackingApiTests extends OneplaceIntegrationTest {

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private List<JsonNode> timeline(String customerId, String query) {
        Answer answer = api.get("/api/v1/customers/" + customerId + "/timeline?limit=200" + query, ADMIN_TOKEN);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        answer.json().path("items").forEach(items::add);
        return items;
    }

    private int storedEvents(String anonymousId) {
        Answer lookup = api.get("/api/v1/customers/lookup?type=anonymous_id&value=" + anonymousId, ADMIN_TOKEN);
        if (lookup.status() == 404) {
            return 0;
        }
        return timeline(lookup.json().path("id").asString(), "&kind=tracking").size();
    }

    @Test
    void trackAnswersSuccessAndTheEventIsOnTheTimelineTyped() {
        String anonymousId = id("anon");
        Answer answer = api.segment(
                "/v1/track",
                WRITE_KEY,
                Map.of(
                        "anonymousId",
                        anonymousId,
                        "event",
                        "Product Viewed",
                        "properties",
                        Map.of("name", "Trail Jacket", "variant", "M", "sku", "TJ-M")));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().path("success").asBoolean()).isTrue();

        JsonNode customer = customer("anonymous_id", anonymousId);
        List<JsonNode> items = timeline(customer.path("id").asString(), "");
        assertThat(items).hasSize(1);
        assertThat(items.getFirst().path("type").asString()).isEqualTo("product_viewed");
        assertThat(items.getFirst().path("kind").asString()).isEqualTo("tracking");
        assertThat(items.getFirst().path("channel").asString()).isEqualTo("web");
        assertThat(items.getFirst().path("summary").asString()).isEqualTo("Viewed product Trail Jacket (M)");
        // the name and the key properties as the business sent them
        assertThat(items.getFirst().path("event").asString()).isEqualTo("Product Viewed");
        assertThat(items.getFirst().path("properties").path("sku").asString()).isEqualTo("TJ-M");
        assertThat(items.getFirst().path("properties").path("name").asString()).isEqualTo("Trail Jacket");
    }

    @Test
    void browserSdkShortPathsWithTheWriteKeyInATextPlainBody() {
        String anonymousId = id("anon");
        String body = """
                {"type":"page","name":"Pricing","anonymousId":"%s","writeKey":"%s",
                 "properties":{"path":"/pricing","title":"Pricing"},"context":{"channel":"browser"}}
                """.formatted(anonymousId, WRITE_KEY);
        Answer answer = api.send("POST", "/v1/p", Map.of("Content-Type", "text/plain"), body);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);

        JsonNode customer = customer("anonymous_id", anonymousId);
        List<JsonNode> items = timeline(customer.path("id").asString(), "");
        assertThat(items).extracting(i -> i.path("type").asString()).containsExactly("page_viewed");
        assertThat(items.getFirst().path("summary").asString()).isEqualTo("Viewed page Pricing");
    }

    @Test
    void sameMessageIdIsStoredOnceWithinABatchAndAcrossBatches() {
        String anonymousId = id("anon");
        String first = id("msg");
        String second = id("msg");
        Map<String, Object> batch = Map.of(
                "batch",
                List.of(
                        Map.of("type", "track", "event", "A", "anonymousId", anonymousId, "messageId", first),
                        Map.of("type", "track", "event", "A", "anonymousId", anonymousId, "messageId", first),
                        Map.of("type", "track", "event", "B", "anonymousId", anonymousId, "messageId", second)));
        assertThat(api.segment("/v1/batch", WRITE_KEY, batch).status()).isEqualTo(200);
        // analytics-java posts the same batch to /v1/import
        assertThat(api.segment("/v1/import", WRITE_KEY, batch).status()).isEqualTo(200);
        assertThat(api.segment(
                                "/v1/track",
                                WRITE_KEY,
                                Map.of("event", "B", "anonymousId", anonymousId, "messageId", second))
                        .status())
                .isEqualTo(200);

        assertThat(storedEvents(anonymousId)).isEqualTo(2);
        String metrics = api.send("GET", "/actuator/prometheus", Map.of("Authorization", "Bearer " + ADMIN_TOKEN), null)
                .raw()
                .body();
        assertThat(metrics)
                .contains("oneplace_tracking_events_total{outcome=\"stored\"}")
                .contains("oneplace_tracking_events_total{outcome=\"duplicate\"}");
    }

    @Test
    void aliasLinksAnEarlierIdToTheUser() {
        String earlier = id("anon");
        String userId = id("user");
        api.segment("/v1/track", WRITE_KEY, Map.of("anonymousId", earlier, "event", "Before sign-up"));
        api.segment("/v1/identify", WRITE_KEY, Map.of("userId", userId));
        Answer alias = api.segment("/v1/alias", WRITE_KEY, Map.of("previousId", earlier, "userId", userId));
        assertThat(alias.status()).as(alias.toString()).isEqualTo(200);

        JsonNode customer = customer("anonymous_id", earlier);
        assertThat(customerId("user_id", userId)).isEqualTo(customer.path("id").asString());
        assertThat(timeline(customer.path("id").asString(), ""))
                .extracting(i -> i.path("summary").asString())
                .contains("Before sign-up", "Linked the earlier id " + earlier);
        assertProblem(
                api.segment("/v1/alias", WRITE_KEY, Map.of("previousId", earlier, "anonymousId", earlier)),
                400,
                "'userId' is required for an alias call");
    }

    @Test
    void clientClockSkewIsCorrected() {
        String anonymousId = id("anon");
        // The device's clock is a day ahead: it stamped the event one minute before it sent it.
        Instant deviceTimestamp = Instant.now().plusSeconds(86_400);
        Instant deviceSentAt = deviceTimestamp.plusSeconds(60);
        Instant before = Instant.now();
        api.segment(
                "/v1/track",
                WRITE_KEY,
                Map.of(
                        "anonymousId",
                        anonymousId,
                        "event",
                        "Skewed",
                        "timestamp",
                        deviceTimestamp.toString(),
                        "sentAt",
                        deviceSentAt.toString()));
        Instant after = Instant.now();

        JsonNode customer = customer("anonymous_id", anonymousId);
        Instant at = Instant.parse(timeline(customer.path("id").asString(), "")
                .getFirst()
                .path("at")
                .asString());
        assertThat(at).isBetween(before.minusSeconds(61), after.minusSeconds(59));
    }

    @Test
    void writeKeyIsRequiredAndMustBeActive() {
        Map<String, Object> call = Map.of("anonymousId", id("anon"), "event", "X");
        Answer none = api.post("/v1/track", null, call);
        assertProblem(none, 401, "write key");
        assertThat(none.raw().headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertProblem(api.segment("/v1/track", "wk_unknown", call), 401, "unknown or revoked");

        Answer created = api.post(
                "/api/v1/write-keys", ADMIN_TOKEN, Map.of("name", "app " + UUID.randomUUID(), "source", "app"));
        String key = created.json().path("key").asString();
        assertThat(api.segment("/v1/track", key, call).status()).isEqualTo(200);
        api.delete("/api/v1/write-keys/" + created.json().path("id").asString(), ADMIN_TOKEN);
        // revocation takes effect within the write-key cache's few seconds; a fresh key value was never cached
        assertProblem(api.segment("/v1/track", key + "x", call), 401, "unknown or revoked");
    }

    @Test
    void theWriteKeySourceNamesTheChannelUnlessTheContextDoes() {
        Answer created = api.post(
                "/api/v1/write-keys", ADMIN_TOKEN, Map.of("name", "till " + UUID.randomUUID(), "source", "store"));
        String key = created.json().path("key").asString();
        String anonymousId = id("anon");
        api.segment("/v1/track", key, Map.of("anonymousId", anonymousId, "event", "Visited"));
        api.segment(
                "/v1/track",
                key,
                Map.of("anonymousId", anonymousId, "event", "Opened app", "context", Map.of("channel", "app")));

        String customerId = customer("anonymous_id", anonymousId).path("id").asString();
        assertThat(timeline(customerId, "&channel=store"))
                .extracting(i -> i.path("summary").asString())
                .containsExactly("Visited");
        assertThat(timeline(customerId, "&channel=app"))
                .extracting(i -> i.path("summary").asString())
                .containsExactly("Opened app");
    }

    @Test
    void badInputIsRefusedWithAProblemAndNothingIsStored() {
        String anonymousId = id("anon");
        Answer truncated = api.segment("/v1/track", WRITE_KEY, "{\"event\":\"Order");
        assertProblem(truncated, 400, "not valid JSON at line 1, column");

        assertProblem(api.segment("/v1/track", WRITE_KEY, Map.of("event", "X")), 400, "'userId' or 'anonymousId'");
        assertProblem(
                api.segment("/v1/track", WRITE_KEY, Map.of("anonymousId", anonymousId)), 400, "'event' is required");
        assertProblem(
                api.segment(
                        "/v1/identify",
                        WRITE_KEY,
                        Map.of("anonymousId", anonymousId, "traits", Map.of("email", "user@"))),
                400,
                "'user@' is not a valid email address");
        assertProblem(
                api.segment(
                        "/v1/identify",
                        WRITE_KEY,
                        Map.of("anonymousId", anonymousId, "traits", Map.of("phone", "+1 (800) FLOWERS"))),
                400,
                "'+1 (800) FLOWERS' is not a valid phone number");
        assertProblem(
                api.segment(
                        "/v1/track",
                        WRITE_KEY,
                        Map.of("anonymousId", anonymousId, "event", "X", "timestamp", "yesterday")),
                400,
                "not an ISO-8601 date-time");

        assertProblem(
                api.segment(
                        "/v1/identify",
                        WRITE_KEY,
                        Map.of(
                                "anonymousId",
                                anonymousId,
                                "traits",
                                Map.of("consents", Map.of("web", Map.of("marketing", true))))),
                400,
                "traits.consents.web: consent is kept for");
        String deep = "[".repeat(100_000);
        assertProblem(api.segment("/v1/batch", WRITE_KEY, deep), 400, "nesting");

        assertProblem(
                api.send(
                        "POST",
                        "/v1/track",
                        Map.of("Content-Type", "application/xml", "Authorization", basic(WRITE_KEY)),
                        "<track/>"),
                415,
                "application/json");
        assertThat(storedEvents(anonymousId)).isZero();
    }

    @Test
    void invalidUtf8IsRefused() throws Exception {
        byte[] body = "{\"anonymousId\":\"a\",\"event\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
        var request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/v1/track"))
                .header("Content-Type", "application/json")
                .header("Authorization", basic(WRITE_KEY))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        var response = java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("UTF-8");
    }

    @Test
    void segmentSizeLimitsAnswer400SayingWhich() {
        String anonymousId = id("anon");
        String big = "x".repeat(33 * 1024);
        assertProblem(
                api.segment(
                        "/v1/track",
                        WRITE_KEY,
                        Map.of("anonymousId", anonymousId, "event", "Big", "properties", Map.of("blob", big))),
                400,
                "32768 bytes per call");
        assertProblem(
                api.segment(
                        "/v1/batch",
                        WRITE_KEY,
                        Map.of(
                                "batch",
                                List.of(Map.of(
                                        "type",
                                        "track",
                                        "anonymousId",
                                        anonymousId,
                                        "event",
                                        "Big",
                                        "properties",
                                        Map.of("blob", big))))),
                400,
                "batch[0]");
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 2501; i++) {
            many.add(Map.of("type", "track", "anonymousId", anonymousId, "event", "E"));
        }
        assertProblem(api.segment("/v1/batch", WRITE_KEY, Map.of("batch", many)), 400, "2500 events per batch");
        List<Map<String, Object>> heavy = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            heavy.add(Map.of(
                    "type",
                    "track",
                    "anonymousId",
                    anonymousId,
                    "event",
                    "E",
                    "properties",
                    Map.of("b", "y".repeat(20_000))));
        }
        assertProblem(api.segment("/v1/batch", WRITE_KEY, Map.of("batch", heavy)), 400, "512000 bytes");
        assertThat(storedEvents(anonymousId)).isZero();
    }

    @Test
    void unknownFieldsAreAcceptedAndKept() {
        String anonymousId = id("anon");
        Answer answer = api.segment(
                "/v1/track",
                WRITE_KEY,
                Map.of(
                        "anonymousId",
                        anonymousId,
                        "event",
                        "Custom",
                        "somethingNew",
                        true,
                        "context",
                        Map.of("foo", "bar")));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        String customerId = customer("anonymous_id", anonymousId).path("id").asString();
        JsonNode export = api.get("/api/v1/customers/" + customerId + "/export", ADMIN_TOKEN)
                .json();
        assertThat(export.path("tracking")
                        .path("events")
                        .get(0)
                        .path("context")
                        .path("foo")
                        .asString())
                .isEqualTo("bar");
    }

    @Test
    void sessionsEndAfterThirtyMinutesOfInactivityPerDevice() {
        String anonymousId = id("anon");
        Instant start = Instant.parse("2026-11-20T10:00:00Z");
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int minutes : new int[] {0, 10, 35, 80, 95}) {
            batch.add(Map.of(
                    "type",
                    "page",
                    "name",
                    "P" + minutes,
                    "anonymousId",
                    anonymousId,
                    "timestamp",
                    start.plusSeconds(minutes * 60L).toString()));
        }
        assertThat(api.segment("/v1/batch", WRITE_KEY, Map.of("batch", batch)).status())
                .isEqualTo(200);

        String customerId = customer("anonymous_id", anonymousId).path("id").asString();
        JsonNode sessions = api.get("/api/v1/customers/" + customerId + "/export", ADMIN_TOKEN)
                .json()
                .path("tracking")
                .path("sessions");
        List<String> spans = new ArrayList<>();
        sessions.forEach(s -> spans.add(s.path("started_at").asString().substring(11, 16) + "-"
                + s.path("last_at").asString().substring(11, 16) + "/"
                + s.path("pages").asInt()));
        // 10:00, 10:10, 10:35 are within 30 minutes of each other; 11:20 is not; 11:35 follows it
        assertThat(spans).containsExactlyInAnyOrder("10:00-10:35/3", "11:20-11:35/2");
    }

    @Test
    void corsFollowsTheOriginsAllowedForTheWriteKey() {
        Answer created = api.post(
                "/api/v1/write-keys",
                ADMIN_TOKEN,
                Map.of(
                        "name",
                        "shop " + UUID.randomUUID(),
                        "source",
                        "web",
                        "allowedOrigins",
                        List.of("https://shop.example.com")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String key = created.json().path("key").asString();

        Answer preflight = api.send(
                "OPTIONS",
                "/v1/track",
                Map.of(
                        "Origin", "https://shop.example.com",
                        "Access-Control-Request-Method", "POST",
                        "Access-Control-Request-Headers", "content-type,authorization"),
                null);
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.raw().headers().firstValue("Access-Control-Allow-Origin"))
                .contains("https://shop.example.com");

        String body = JSON.formatted(id("anon"));
        Answer allowed = api.send(
                "POST",
                "/v1/track",
                Map.of(
                        "Origin",
                        "https://shop.example.com",
                        "Content-Type",
                        "application/json",
                        "Authorization",
                        basic(key)),
                body);
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.raw().headers().firstValue("Access-Control-Allow-Origin"))
                .contains("https://shop.example.com");

        Answer refused = api.send(
                "POST",
                "/v1/track",
                Map.of(
                        "Origin",
                        "https://evil.example",
                        "Content-Type",
                        "application/json",
                        "Authorization",
                        basic(key)),
                body);
        assertProblem(refused, 403, "https://evil.example");
        assertThat(refused.raw().headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
    }

    private static final String JSON = "{\"anonymousId\":\"%s\",\"event\":\"Clicked\"}";

    @Test
    void settingsDocumentPointsAnalyticsJsBackHere() {
        Answer settings = api.get("/v1/projects/" + WRITE_KEY + "/settings", null);
        assertThat(settings.status()).isEqualTo(200);
        JsonNode segment = settings.json().path("integrations").path("Segment.io");
        assertThat(segment.path("apiKey").asString()).isEqualTo(WRITE_KEY);
        assertThat(segment.path("apiHost").asString()).isEqualTo("localhost:" + port + "/v1");
        assertThat(segment.path("protocol").asString()).isEqualTo("http");
        assertProblem(api.get("/v1/projects/wk_nope/settings", null), 404, "no active write key");
    }

    @Test
    void identifyTraitsCarryConsent() {
        String userId = id("user");
        Answer identify = api.segment(
                "/v1/identify",
                WRITE_KEY,
                Map.of(
                        "userId",
                        userId,
                        "traits",
                        Map.of("name", "Ada Lovelace", "consents", Map.of("email", Map.of("marketing", true)))));
        assertThat(identify.status()).isEqualTo(200);
        JsonNode customer = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> api.get("/api/v1/customers/lookup?type=user_id&value=" + userId, ADMIN_TOKEN)
                                .json(),
                        found -> !found.path("consents").isEmpty());
        assertThat(customer.path("name").asString()).isEqualTo("Ada Lovelace");
        assertThat(customer.path("traits").has("consents")).isFalse();
        assertThat(customer.path("consents").get(0).path("channel").asString()).isEqualTo("email");
        assertThat(customer.path("consents").get(0).path("purpose").asString()).isEqualTo("marketing");
        assertThat(customer.path("consents").get(0).path("status").asString()).isEqualTo("granted");
        assertThat(customer.path("consents").get(0).path("source").asString()).isEqualTo("tracking:web");
    }

    private static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }
}
