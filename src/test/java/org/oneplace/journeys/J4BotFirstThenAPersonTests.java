package org.oneplace.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.OneplaceIntegrationTest;

/**
 * J4 — Bot first, then a person. The part that exists before conversations land (issue 4): the pages the visitor
 * was on before opening the chat are on the customer's timeline, newest first, for the agent to read.
 */
class J4BotFirstThenAPersonTests extends OneplaceIntegrationTest {

    @Test
    void thePagesBeforeTheChatAreOnTheVisitorsTimelineNewestFirst() {
        String visitor = "visitor-" + UUID.randomUUID();
        Instant start = Instant.now().minusSeconds(600);
        List<String> pages = List.of("Lamps", "Brass Lamp", "Shipping");
        for (int i = 0; i < pages.size(); i++) {
            Answer answer = api.segment(
                    "/v1/page",
                    WRITE_KEY,
                    Map.of(
                            "anonymousId", visitor,
                            "name", pages.get(i),
                            "timestamp", start.plusSeconds(60L * i).toString()));
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        }
        String customer = customerId("anonymous_id", visitor);

        Answer first = api.get("/api/v1/customers/" + customer + "/timeline?limit=2", ADMIN_TOKEN);
        List<String> seen = new ArrayList<>();
        first.json().path("items").forEach(i -> seen.add(i.path("summary").asString()));
        assertThat(seen).containsExactly("Viewed page Shipping", "Viewed page Brass Lamp");
        String cursor = first.json().path("nextCursor").asString();
        Answer second = api.get("/api/v1/customers/" + customer + "/timeline?limit=2&cursor=" + cursor, ADMIN_TOKEN);
        assertThat(second.json().path("items").get(0).path("summary").asString())
                .isEqualTo("Viewed page Lamps");
        assertThat(second.json().path("nextCursor").isNull()).isTrue();
    }
}
