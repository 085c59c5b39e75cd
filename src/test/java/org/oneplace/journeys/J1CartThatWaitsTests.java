package org.oneplace.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.OneplaceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * J1 — The cart that waits (laptop → app → store → chat → return in another store). Steps 1–2 at the identity
 * level: the laptop and the app are one customer once the person signs in on both, and a store associate finds
 * them by email or phone and sees what they viewed online, with the size. The cart, stock and orders join when
 * commerce lands (issue 5).
 */
class J1CartThatWaitsTests extends OneplaceIntegrationTest {

    @Test
    void laptopAndAppAreOneCustomerAndTheStoreSeesWhatWasViewed() {
        Answer appKey = api.post(
                "/api/v1/write-keys", ADMIN_TOKEN, Map.of("name", "mobile app " + UUID.randomUUID(), "source", "app"));
        String app = appKey.json().path("key").asString();
        String laptop = "laptop-" + UUID.randomUUID();
        String phoneDevice = "app-" + UUID.randomUUID();
        String userId = "u1-" + UUID.randomUUID();
        String email = "jo" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";

        // 1. on the laptop, anonymous: views the jacket in M, adds it; then signs in
        ok(api.segment(
                "/v1/page",
                WRITE_KEY,
                Map.of("anonymousId", laptop, "name", "Trail Jacket", "properties", Map.of("path", "/p/trail"))));
        ok(api.segment(
                "/v1/track",
                WRITE_KEY,
                Map.of(
                        "anonymousId",
                        laptop,
                        "event",
                        "Product Viewed",
                        "properties",
                        Map.of("sku", "TJ-M", "name", "Trail Jacket", "variant", "M"))));
        ok(api.segment(
                "/v1/track",
                WRITE_KEY,
                Map.of(
                        "anonymousId",
                        laptop,
                        "event",
                        "Product Added",
                        "properties",
                        Map.of("sku", "TJ-M", "name", "Trail Jacket", "variant", "M", "quantity", 1))));
        ok(api.segment(
                "/v1/identify",
                WRITE_KEY,
                Map.of(
                        "anonymousId",
                        laptop,
                        "userId",
                        userId,
                        "traits",
                        Map.of("email", email, "phone", "+1 415 555 0142", "name", "Jo Walker"))));

        // 2. later, the app on another device: anonymous first, then signed in as the same user
        ok(api.segment("/v1/screen", app, Map.of("anonymousId", phoneDevice, "name", "Home")));
        ok(api.segment("/v1/identify", app, Map.of("anonymousId", phoneDevice, "userId", userId)));

        // 4. in the store an associate looks the customer up by phone, or by email: one person
        JsonNode byPhone = customer("phone", "+1 (415) 555-0142");
        JsonNode byEmail = customer("email", email);
        assertThat(byPhone.path("id").asString()).isEqualTo(byEmail.path("id").asString());
        List<String> identifiers = new ArrayList<>();
        byPhone.path("identifiers").forEach(i -> identifiers.add(i.path("value").asString()));
        assertThat(identifiers).contains(laptop, phoneDevice, userId, email);

        JsonNode timeline = api.get("/api/v1/customers/" + byPhone.path("id").asString() + "/timeline", ADMIN_TOKEN)
                .json()
                .path("items");
        List<String> seen = new ArrayList<>();
        timeline.forEach(i ->
                seen.add(i.path("channel").asString() + " " + i.path("summary").asString()));
        assertThat(seen)
                .contains(
                        "web Viewed product Trail Jacket (M)",
                        "web Added to cart Trail Jacket (M)",
                        "web Viewed page Trail Jacket",
                        "app Viewed screen Home");
    }

    private static void ok(Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }
}
