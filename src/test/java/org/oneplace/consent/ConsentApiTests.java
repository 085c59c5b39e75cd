package org.oneplace.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oneplace.Api.assertProblem;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.OneplaceIntegrationTest;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.ConsentPurpose;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The consent ledger through the API, and the question other modules ask it. */
class ConsentApiTests extends OneplaceIntegrationTest {

    @Autowired
    ConsentService consents;

    private String newCustomer() {
        String device = "consent-" + UUID.randomUUID();
        api.segment("/v1/track", WRITE_KEY, Map.of("anonymousId", device, "event", "Hello"));
        return api.get("/api/v1/customers/lookup?type=anonymous_id&value=" + device, ADMIN_TOKEN)
                .json()
                .path("id")
                .asString();
    }

    @Test
    void theLatestChoiceIsCurrentAndTheHistoryIsKept() {
        String customer = newCustomer();
        Answer granted = api.put(
                "/api/v1/customers/" + customer + "/consents",
                ADMIN_TOKEN,
                Map.of(
                        "channel", "email",
                        "purpose", "marketing",
                        "status", "granted",
                        "source", "checkout-form",
                        "evidence", "Ticked 'Send me offers' (form v3)"));
        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
        assertThat(consents.allows(UUID.fromString(customer), ChannelType.EMAIL, ConsentPurpose.MARKETING))
                .isTrue();
        assertThat(consents.allows(UUID.fromString(customer), ChannelType.SMS, ConsentPurpose.MARKETING))
                .isFalse();

        api.put(
                "/api/v1/customers/" + customer + "/consents",
                ADMIN_TOKEN,
                Map.of("channel", "email", "purpose", "marketing", "status", "revoked", "source", "unsubscribe-link"));
        assertThat(consents.allows(UUID.fromString(customer), ChannelType.EMAIL, ConsentPurpose.MARKETING))
                .isFalse();

        JsonNode view = api.get("/api/v1/customers/" + customer, ADMIN_TOKEN).json();
        assertThat(view.path("consents")).hasSize(1);
        assertThat(view.path("consents").get(0).path("status").asString()).isEqualTo("revoked");
        JsonNode history = api.get("/api/v1/customers/" + customer + "/consents/history", ADMIN_TOKEN)
                .json();
        assertThat(history).hasSize(2);
        assertThat(history.get(1).path("evidence").asString()).isEqualTo("Ticked 'Send me offers' (form v3)");
        assertThat(history.get(1).path("recordedBy").asString()).contains(ADMIN_EMAIL);

        JsonNode timeline = api.get("/api/v1/customers/" + customer + "/timeline?kind=consent", ADMIN_TOKEN)
                .json()
                .path("items");
        assertThat(timeline).hasSize(2);
        assertThat(timeline.get(0).path("type").asString()).isEqualTo("consent_revoked");
        assertThat(timeline.get(0).path("summary").asString())
                .isEqualTo("Revoked marketing messages on email (unsubscribe-link)");
    }

    @Test
    void invalidChoicesAreRefusedWithAReason() {
        String customer = newCustomer();
        assertProblem(
                api.put(
                        "/api/v1/customers/" + customer + "/consents",
                        ADMIN_TOKEN,
                        Map.of("channel", "web", "purpose", "marketing", "status", "granted")),
                400,
                "'web' is not one of them");
        assertProblem(
                api.put(
                        "/api/v1/customers/" + customer + "/consents",
                        ADMIN_TOKEN,
                        Map.of("channel", "email", "purpose", "spam", "status", "granted")),
                400,
                "purpose");
        assertProblem(
                api.put(
                        "/api/v1/customers/" + customer + "/consents",
                        ADMIN_TOKEN,
                        Map.of("channel", "email", "purpose", "marketing", "status", "maybe")),
                400,
                "status");
        assertProblem(
                api.put(
                        "/api/v1/customers/" + UUID.randomUUID() + "/consents",
                        ADMIN_TOKEN,
                        Map.of("channel", "email", "purpose", "marketing", "status", "granted")),
                404,
                "no customer");
    }
}
