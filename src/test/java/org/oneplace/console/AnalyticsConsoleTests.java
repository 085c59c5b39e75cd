package org.oneplace.console;

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
import org.oneplace.Api;
import org.oneplace.BrowserTest;
import org.oneplace.ConsoleVisitor;
import org.oneplace.SegmentCalls;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import tools.jackson.databind.JsonNode;

/**
 * The Analytics page in a real browser, signed in as an analyst: they land on it, pick a day, and read the same
 * numbers the API answers — cards, the per-channel table, the continuity audit — with the charts drawn. At phone
 * width nothing scrolls sideways.
 *
 * <p>The day is one long past that only this test writes in (Segment timestamps), so the figures are exact.
 */
class AnalyticsConsoleTests extends BrowserTest {

    @Test
    void anAnalystReadsTheFiguresTheApiAnswers() {
        LocalDate day = LocalDate.now(ZoneOffset.UTC)
                .minusDays(ThreadLocalRandom.current().nextInt(100, 360));
        Instant noon = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        // Ana: the website for two minutes, then the app; Ben: one page on the website
        track(List.of(
                SegmentCalls.page(null, "ana-" + tag, "web", noon),
                SegmentCalls.page(null, "ana-" + tag, "web", noon.plusSeconds(120)),
                SegmentCalls.page(null, "ana-" + tag, "app", noon.plusSeconds(3_600)),
                SegmentCalls.page(null, "ben-" + tag, "web", noon.plusSeconds(60))));
        String period = "?from=" + day + "&to=" + day;
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(api.get("/api/v1/analytics/overview" + period, ADMIN_TOKEN)
                                .json()
                                .path("sessions")
                                .asLong())
                        .isEqualTo(3));
        JsonNode overview =
                api.get("/api/v1/analytics/overview" + period, ADMIN_TOKEN).json();

        String email = "analyst-" + tag + "@staff.example.com";
        String password = "a long analyst password " + tag;
        Api.Answer user = api.post(
                "/api/v1/users",
                ADMIN_TOKEN,
                Map.of("email", email, "displayName", "Ari", "roles", List.of("ANALYST"), "password", password));
        assertThat(user.status()).as(user.toString()).isEqualTo(201);
        open("/");
        signIn(email, password);
        assertThat(browser.getCurrentUrl()).endsWith("/analytics");
        assertThat(navigation()).contains("Analytics").doesNotContain("Inbox", "Settings", "Store");

        browser.manage().window().setSize(new Dimension(1440, 2000)); // the whole page in the screenshot
        open("/analytics" + period);
        waiting(Duration.ofSeconds(10))
                .until(b -> "drawn".equals(b.findElement(By.tagName("body")).getAttribute("data-charts")));
        assertThat(text("#sessions")).isEqualTo(overview.path("sessions").asString());
        assertThat(text("#customers")).isEqualTo("2");
        assertThat(text("#multi")).isEqualTo("50.0%");
        assertThat(text("tr[data-channel=web] td.sessions")).isEqualTo("2");
        assertThat(text("tr[data-channel=web] td.avg")).isEqualTo("60.0 s");
        assertThat(text("tr[data-channel=app] td.sessions")).isEqualTo("1");
        assertThat(text("tr[data-pair='web>app'] td.switches")).isEqualTo("1");
        assertThat(browser.findElements(By.cssSelector("#sankey-chart canvas"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#series-chart canvas"))).isNotEmpty();
        screenshot("analytics-overview");

        // every table downloads as its own CSV
        ConsoleVisitor visitor = new ConsoleVisitor(port);
        assertThat(visitor.signIn(email, password)).isTrue();
        Map<String, String> headers = Map.of(
                "channels", "channel,sessions,customers,avgSessionSeconds",
                "transitions", "from,to,customers,switches",
                "continuity", "channel,fromChannel,switches,recognised",
                "funnel", "channel,sessions,viewed,carted",
                "service", "channel,conversations,answered",
                "marketing", "channel,sent,delivered");
        headers.forEach((table, header) -> {
            var csv = visitor.get("/analytics/" + table + ".csv" + period);
            assertThat(csv.statusCode()).as(table).isEqualTo(200);
            assertThat(csv.body()).as(table).startsWith(header);
        });
        assertThat(visitor.get("/analytics/channels.csv" + period).body()).contains("\r\nweb,2,2,60.0,60.0,0.5,");

        browser.manage().window().setSize(new Dimension(390, 2600));
        open("/analytics" + period);
        Long overflow = (Long) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
        assertThat(overflow).as("/analytics scrolls sideways").isLessThanOrEqualTo(0L);
        screenshot("analytics-phone");
    }

    private void track(List<Map<String, Object>> calls) {
        Api.Answer answer = api.segment("/v1/batch", WRITE_KEY, Map.of("batch", calls));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }
}
