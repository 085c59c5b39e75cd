package org.oneplace.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.OneplaceIntegrationTest;
import org.oneplace.SegmentCalls;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Erased means erased, and the counts stay: after a person is erased the day's figures are unchanged, and nothing in
 * analytics' tables carries their customer id, device id or order id any more.
 */
class AnalyticsErasureTests extends OneplaceIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void anErasedPersonStillCountsButCannotBeFoundInAnalytics() {
        LocalDate day = LocalDate.now(ZoneOffset.UTC)
                .minusDays(ThreadLocalRandom.current().nextInt(400, 700));
        Instant noon = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
        String device = "erase-me-" + UUID.randomUUID();
        // two sessions on the web (two hours apart), then one in the app
        Answer sent = api.segment(
                "/v1/batch",
                WRITE_KEY,
                Map.of(
                        "batch",
                        List.of(
                                SegmentCalls.page(null, device, "web", noon),
                                SegmentCalls.page(null, device, "web", noon.plusSeconds(60)),
                                SegmentCalls.page(null, device, "web", noon.plusSeconds(7_200)),
                                SegmentCalls.page(null, device, "app", noon.plusSeconds(9_000)))));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        String period = "?from=" + day + "&to=" + day;
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(api.get("/api/v1/analytics/overview" + period, ADMIN_TOKEN)
                                .json()
                                .path("sessions")
                                .asLong())
                        .isEqualTo(3));
        String before = api.get("/api/v1/analytics/channels" + period, ADMIN_TOKEN)
                .raw()
                .body();
        String continuityBefore = api.get("/api/v1/analytics/continuity" + period, ADMIN_TOKEN)
                .raw()
                .body();
        String customer = customerId("anonymous_id", device);

        Answer erased = api.delete("/api/v1/customers/" + customer + "?confirm=" + customer, ADMIN_TOKEN);
        assertThat(erased.status()).as(erased.toString()).isIn(200, 204);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(jdbc.sql("select count(*) from analytics_dirty")
                            .query(Long.class)
                            .single())
                    .isZero();
            assertThat(api.get("/api/v1/analytics/channels" + period, ADMIN_TOKEN)
                            .raw()
                            .body())
                    .isEqualTo(before);
        });
        assertThat(api.get("/api/v1/analytics/continuity" + period, ADMIN_TOKEN)
                        .raw()
                        .body())
                .isEqualTo(continuityBefore);
        UUID id = UUID.fromString(customer);
        assertThat(jdbc.sql("""
                        select count(*) from analytics_touch
                         where customer_id = :id or first_customer_id = :id or device = :device
                        """)
                        .param("id", id)
                        .param("device", device)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from analytics_session where customer_id = :id or device = :device")
                        .param("id", id)
                        .param("device", device)
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
