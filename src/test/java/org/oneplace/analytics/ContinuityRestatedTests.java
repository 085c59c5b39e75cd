package org.oneplace.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.Channels;
import org.oneplace.Channels.Account;
import org.oneplace.Commerce;
import org.oneplace.OneplaceIntegrationTest;
import org.oneplace.SegmentCalls;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The continuity audit's third reason: a customer known on the website comes to WhatsApp, is recognised, and still
 * has to give an order number or e-mail address the record already holds — that switch counts as "had to repeat
 * themselves" ({@code restated}). A message with a number that is no order of theirs, or an address not on their
 * record, does not.
 */
class ContinuityRestatedTests extends OneplaceIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void reStatingAnOrderNumberOrAddressOnRecordCountsAsRepeating() {
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Commerce shop = new Commerce(api, ADMIN_TOKEN);
        Channels channels = new Channels(api, ADMIN_TOKEN);
        Account whatsapp = channels.whatsapp();
        String sku = shop.sku("Restated gloves " + tag, 1_500);
        shop.stock(sku, shop.location("Restated warehouse " + tag, 52.5, 13.4, false), 10);

        // Rita, Una and Sam each browse the website with their phone (and Una her e-mail) on record; Rita orders
        Map<String, String> phones = new HashMap<>();
        Map<String, String> ids = new HashMap<>();
        for (String who : List.of("rita", "una", "sam")) {
            String phone = Channels.mobile();
            phones.put(who, phone);
            String user = who + "-" + tag;
            Map<String, Object> traits = new HashMap<>(Map.of("phone", phone));
            if (who.equals("una")) {
                traits.put("email", "una-" + tag + "@example.com");
            }
            Answer sent = api.segment(
                    "/v1/batch",
                    WRITE_KEY,
                    Map.of(
                            "batch",
                            List.of(
                                    SegmentCalls.identify(user, user + "-dev", from, traits),
                                    SegmentCalls.page(user, user + "-dev", "web", from))));
            assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
            ids.put(who, channels.awaitCustomer("user_id", user));
        }
        long number =
                shop.shipped(ids.get("rita"), "web", sku, 1).path("number").asLong();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.sql("select count(*) from analytics_touch where order_number = :n")
                                .param("n", number)
                                .query(Long.class)
                                .single()
                        == 1);
        await().until(() -> Instant.now().isAfter(from.plusSeconds(1)));

        // on WhatsApp, from the phones on record: Rita gives her order number, Una her address, Sam neither
        channels.whatsappNow(whatsapp, phones.get("rita").substring(1), "Rita", "Where is order #" + number + "?");
        channels.whatsappNow(
                whatsapp, phones.get("una").substring(1), "Una", "Hi, I'm una-" + tag + "@Example.com, any news?");
        channels.whatsappNow(
                whatsapp, phones.get("sam").substring(1), "Sam", "Do you have the 2025 gloves? Mail me at x@y.com");
        for (String who : List.of("rita", "una", "sam")) {
            channels.awaitThread(ids.get(who), t -> t.size() == 1);
        }

        String period = "?from=" + from + "&to=" + from.plus(Duration.ofDays(1)) + "&channel=whatsapp&limit=500";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Answer answer = api.get("/api/v1/analytics/continuity/examples" + period, ADMIN_TOKEN);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            Map<String, JsonNode> byCustomer = new HashMap<>();
            for (JsonNode example : answer.json().path("items")) {
                byCustomer.put(example.path("customerId").asString(), example);
            }
            assertThat(byCustomer).containsKeys(ids.get("rita"), ids.get("una"));
            assertThat(byCustomer).doesNotContainKey(ids.get("sam"));
            for (String who : List.of("rita", "una")) {
                JsonNode example = byCustomer.get(ids.get(who));
                assertThat(example.path("reason").asString()).as(who).isEqualTo("restated");
                assertThat(example.path("fromChannel").asString()).isEqualTo("web");
                assertThat(example.path("why").asString()).contains("already on record");
            }
        });
    }
}
