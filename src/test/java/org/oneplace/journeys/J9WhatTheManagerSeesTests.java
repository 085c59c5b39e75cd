package org.oneplace.journeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.WireMock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import tools.jackson.databind.JsonNode;

/**
 * J9 — what the manager sees. A scripted day of traffic across web, app, store and WhatsApp, with known sessions, an
 * order on the web, a sale and a return at the till, channel switches and one arrival that was not recognised (a new
 * WhatsApp number, merged later when the customer gave it on the website). Every figure of the analytics API equals
 * what the script implies, per the README's definitions.
 *
 * <p>The day is the test's own period: it starts when the test does (tests run one after another; nothing else
 * writes in it), and web and app events carry Segment timestamps later in that day, so sessions have exact lengths.
 * Messages, orders and returns happen in real time, seconds after the period starts.
 */
class J9WhatTheManagerSeesTests extends OneplaceIntegrationTest {

    private static final Map<String, Object> SCARF = Map.of("sku", "scarf");

    private Instant s0;

    @Test
    void everyFigureIsWhatTheScriptImplies() {
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        s0 = from.plusSeconds(1);
        Instant to = from.plus(Duration.ofDays(1));
        Commerce shop = new Commerce(api, ADMIN_TOKEN);
        Channels channels = new Channels(api, ADMIN_TOKEN);
        Account whatsapp = channels.whatsapp();
        // WhatsApp's conversations go to a team whose policy asks a first answer within the hour, a resolution within
        // the day: Alice's is answered and resolved in time, Carol's waits (pending: not counted either way)
        Answer team = api.post(
                "/api/v1/teams",
                ADMIN_TOKEN,
                Map.of(
                        "name",
                        "J9 " + UUID.randomUUID(),
                        "memberIds",
                        List.of(),
                        "channelIds",
                        List.of(whatsapp.id())));
        assertThat(team.status()).as(team.toString()).isEqualTo(201);
        Answer policy = api.post(
                "/api/v1/sla-policies",
                ADMIN_TOKEN,
                Map.of(
                        "name",
                        "J9 " + UUID.randomUUID(),
                        "teamId",
                        team.json().path("id").asString(),
                        "firstResponse",
                        "PT1H",
                        "resolution",
                        "P1D"));
        assertThat(policy.status()).as(policy.toString()).isEqualTo(201);
        String sku = shop.sku("J9 scarf", 2_500);
        String warehouse = shop.location("J9 Warehouse", 52.5, 13.4, false);
        String store = shop.location("J9 Store " + UUID.randomUUID().toString().substring(0, 4), 52.5, 13.4, true);
        shop.stock(sku, warehouse, 10);
        shop.stock(sku, store, 10);
        String tag = UUID.randomUUID().toString().substring(0, 8);

        // Alice came to the website two days ago (so she returns to it), and today: views a scarf, adds it to the
        // cart, starts the checkout over 3 minutes and orders; then she writes on WhatsApp from the phone she gave the
        // website
        String alicePhone = Channels.mobile();
        String alice = "alice-" + tag;
        segment(List.of(
                SegmentCalls.identify(
                        alice, "alice-dev-" + tag, from.minus(Duration.ofDays(2)), Map.of("phone", alicePhone)),
                SegmentCalls.page(alice, "alice-dev-" + tag, "web", from.minus(Duration.ofDays(2)))));
        segment(List.of(
                SegmentCalls.track(alice, "alice-dev-" + tag, "web", s0, "Product Viewed", SCARF),
                SegmentCalls.track(alice, "alice-dev-" + tag, "web", s0.plusSeconds(60), "Product Added", SCARF),
                SegmentCalls.track(alice, "alice-dev-" + tag, "web", s0.plusSeconds(180), "Checkout Started", SCARF)));
        // Carol views the scarf and browses on for 30 seconds; Dan looks at one page and leaves
        String carol = "carol-" + tag;
        segment(List.of(
                SegmentCalls.track(carol, "carol-dev-" + tag, "web", s0, "Product Viewed", SCARF),
                SegmentCalls.page(carol, "carol-dev-" + tag, "web", s0.plusSeconds(30))));
        String dan = "dan-" + tag;
        segment(List.of(SegmentCalls.page(dan, "dan-dev-" + tag, "web", s0)));
        String aliceId = awaitCustomerOf(alice);
        String carolId = awaitCustomerOf(carol);
        String danId = awaitCustomerOf(dan);
        // real-time steps start after the timestamps above, so each customer's sessions keep the script's order
        await().until(() -> Instant.now().isAfter(s0.plusSeconds(2)));

        Answer order = shop.order(
                UUID.randomUUID().toString(),
                Map.of(
                        "customerId",
                        aliceId,
                        "channel",
                        "web",
                        "fulfilment",
                        Commerce.fulfilment("ship", null),
                        "lines",
                        List.of(Commerce.line(sku, 1))));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        channels.whatsappNow(whatsapp, alicePhone.substring(1), "Alice", "Is my scarf on its way?");
        // an agent answers Alice, resolves the conversation, and Alice rates it 5
        channels.awaitThread(aliceId, t -> t.size() == 1);
        String conversation =
                channels.conversationsOf(aliceId).getFirst().path("id").asString();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(api.get("/api/v1/conversations/" + conversation + "/sla", ADMIN_TOKEN)
                                .status())
                        .isEqualTo(200));
        String waSend = "/v21.0/" + whatsapp.setting("phoneNumberId") + "/messages";
        Channels.PROVIDERS.stubFor(WireMock.post(WireMock.urlEqualTo(waSend))
                .willReturn(WireMock.okJson("{\"messages\":[{\"id\":\"wamid.out." + UUID.randomUUID() + "\"}]}")));
        Answer reply = api.post(
                "/api/v1/conversations/" + conversation + "/messages",
                ADMIN_TOKEN,
                Map.of("content", "It left today with DHL."));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(api.post("/api/v1/conversations/" + conversation + "/resolve", ADMIN_TOKEN, Map.of())
                        .status())
                .isEqualTo(200);
        channels.whatsappNow(whatsapp, alicePhone.substring(1), "Alice", "5");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(api.get("/api/v1/conversations/" + conversation, ADMIN_TOKEN)
                                .json()
                                .path("csatScore")
                                .asInt())
                        .isEqualTo(5));
        // Carol writes from a number Oneplace has never seen: a new profile, not recognised
        String carolPhone = Channels.mobile();
        String stranger = channels.customerWrites(whatsapp, carolPhone.substring(1), "C.", "Do you have scarves?");
        // Dan buys two scarves at the till and brings one back at the desk
        Map<String, Object> till = new LinkedHashMap<>();
        till.put("customerId", danId);
        till.put("channel", "store");
        till.put("fulfilment", Commerce.fulfilment("in_store", store));
        till.put("lines", List.of(Commerce.line(sku, 2)));
        till.put("payment", Map.of("status", "paid", "reference", "till-" + tag));
        Answer sale = shop.order(UUID.randomUUID().toString(), till);
        assertThat(sale.status()).as(sale.toString()).isEqualTo(201);
        Answer started = api.post(
                "/api/v1/returns",
                ADMIN_TOKEN,
                Map.of(
                        "orderId",
                        sale.json().path("id").asString(),
                        "lines",
                        List.of(Map.of("sku", sku, "quantity", 1)),
                        "channel",
                        "store"));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        Answer received = api.post(
                "/api/v1/returns/" + started.json().path("id").asString() + "/receive",
                ADMIN_TOKEN,
                Map.of("locationCode", store));
        assertThat(received.status()).as(received.toString()).isEqualTo(200);

        // two hours later Carol signs in on the website with that number: the WhatsApp profile merges into hers
        segment(List.of(
                SegmentCalls.identify(
                        carol, "carol-dev-" + tag, s0.plus(Duration.ofHours(2)), Map.of("phone", carolPhone)),
                SegmentCalls.page(
                        carol,
                        "carol-dev-" + tag,
                        "web",
                        s0.plus(Duration.ofHours(2)).plusSeconds(1))));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(customerId("whatsapp", carolPhone.substring(1)))
                        .isEqualTo(carolId));
        assertThat(stranger).isNotEqualTo(carolId);

        // Bob uses the app only: one screen at three hours (a bounce), two screens ten minutes apart at five hours
        String bob = "bob-" + tag;
        segment(List.of(
                SegmentCalls.page(bob, "bob-dev-" + tag, "app", s0.plus(Duration.ofHours(3))),
                SegmentCalls.page(bob, "bob-dev-" + tag, "app", s0.plus(Duration.ofHours(5))),
                SegmentCalls.page(
                        bob,
                        "bob-dev-" + tag,
                        "app",
                        s0.plus(Duration.ofHours(5)).plusSeconds(600))));

        String period = "?from=" + from + "&to=" + to;
        Map<String, JsonNode> figures = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            figures.clear();
            for (JsonNode item : api.get("/api/v1/analytics/channels" + period, ADMIN_TOKEN)
                    .json()
                    .path("items")) {
                figures.put(item.path("channel").asString(), item);
            }
            assertThat(figures.keySet()).containsExactlyInAnyOrder("web", "app", "whatsapp", "store");
            assertThat(figures.get("web").path("sessions").asLong()).isEqualTo(4);
            assertThat(figures.get("app").path("sessions").asLong())
                    .as("app %s", figures)
                    .isEqualTo(2);
            assertThat(figures.get("whatsapp").path("sessions").asLong())
                    .as("whatsapp")
                    .isEqualTo(2);
            assertThat(figures.get("store").path("unitsReturned").asLong()).isEqualTo(1);
            assertThat(figures.get("web").path("returningRate").asDouble()).isEqualTo(0.3333);
        });

        // web: Alice 180 s (converted), Carol 30 s, Carol again 0 s (one page), Dan 0 s; three customers
        JsonNode web = figures.get("web");
        assertThat(web.path("customers").asLong()).isEqualTo(3);
        assertThat(web.path("avgSessionSeconds").asDouble()).isEqualTo(52.5);
        assertThat(web.path("medianSessionSeconds").asDouble()).isEqualTo(15.0);
        assertThat(web.path("bounceRate").asDouble()).isEqualTo(0.5);
        assertThat(web.path("conversionRate").asDouble()).isEqualTo(0.25);
        assertThat(web.path("customerConversionRate").asDouble()).isEqualTo(0.3333);
        assertThat(web.path("orders").asLong()).isEqualTo(1);
        assertThat(web.path("revenue").path("amount").asLong()).isEqualTo(2_500);
        assertThat(web.path("unitsSold").asLong()).isEqualTo(1);
        assertThat(web.path("productReturnRate").asDouble()).isEqualTo(0.0);
        // app: 0 s and 600 s, one bounce, nothing bought, Bob never came before
        JsonNode app = figures.get("app");
        assertThat(app.path("customers").asLong()).isEqualTo(1);
        assertThat(app.path("avgSessionSeconds").asDouble()).isEqualTo(300.0);
        assertThat(app.path("medianSessionSeconds").asDouble()).isEqualTo(300.0);
        assertThat(app.path("bounceRate").asDouble()).isEqualTo(0.5);
        assertThat(app.path("conversionRate").asDouble()).isEqualTo(0.0);
        assertThat(app.path("returningRate").asDouble()).isEqualTo(0.0);
        // WhatsApp: one message each from Alice and Carol; bounces are for web and app only
        JsonNode chat = figures.get("whatsapp");
        assertThat(chat.path("customers").asLong()).isEqualTo(2);
        assertThat(chat.path("conversionRate").asDouble()).isEqualTo(0.0);
        assertThat(chat.path("bounceRate").isNull()).isTrue();
        // store: Dan's visit (the sale and the return at the desk), which converted; 1 of 2 units came back
        JsonNode visit = figures.get("store");
        assertThat(visit.path("sessions").asLong()).isEqualTo(1);
        assertThat(visit.path("conversionRate").asDouble()).isEqualTo(1.0);
        assertThat(visit.path("orders").asLong()).isEqualTo(1);
        assertThat(visit.path("unitsSold").asLong()).isEqualTo(2);
        assertThat(visit.path("productReturnRate").asDouble()).isEqualTo(0.5);
        assertThat(visit.path("unitsReturnedHere").asLong()).isEqualTo(1);
        assertThat(visit.path("medianSessionSeconds").asDouble()).isBetween(0.0, 60.0);

        // transitions: Alice and Carol went from the web to WhatsApp, Carol back to the web, Dan to the store
        Map<String, Long> transitions = new HashMap<>();
        api.get("/api/v1/analytics/transitions" + period, ADMIN_TOKEN)
                .json()
                .path("items")
                .forEach(t -> transitions.put(
                        t.path("from").asString() + ">" + t.path("to").asString(),
                        t.path("customers").asLong()));
        assertThat(transitions).isEqualTo(Map.of("web>whatsapp", 2L, "whatsapp>web", 1L, "web>store", 1L));

        // continuity: Carol's WhatsApp arrival was not recognised, so she had to repeat herself; the rest carried
        Map<String, List<Long>> audit = new HashMap<>();
        api.get("/api/v1/analytics/continuity" + period, ADMIN_TOKEN)
                .json()
                .path("items")
                .forEach(c -> audit.put(
                        c.path("fromChannel").asString() + ">"
                                + c.path("channel").asString(),
                        List.of(
                                c.path("switches").asLong(),
                                c.path("recognised").asLong(),
                                c.path("carried").asLong(),
                                c.path("repeated").asLong())));
        assertThat(audit)
                .isEqualTo(Map.of(
                        "web>whatsapp", List.of(2L, 1L, 1L, 1L),
                        "whatsapp>web", List.of(1L, 1L, 1L, 0L),
                        "web>store", List.of(1L, 1L, 1L, 0L)));
        JsonNode examples = api.get("/api/v1/analytics/continuity/examples" + period, ADMIN_TOKEN)
                .json()
                .path("items");
        assertThat(examples).hasSize(1);
        assertThat(examples.get(0).path("customerId").asString()).isEqualTo(carolId);
        assertThat(examples.get(0).path("reason").asString()).isEqualTo("not_recognised");
        assertThat(examples.get(0).path("fromChannel").asString()).isEqualTo("web");

        // the funnel on the web: two sessions viewed the scarf, one went on to the cart, the checkout and the order
        JsonNode funnel = null;
        for (JsonNode f :
                api.get("/api/v1/analytics/funnel" + period, ADMIN_TOKEN).json().path("items")) {
            if (f.path("channel").asString().equals("web")) {
                funnel = f;
            }
        }
        assertThat(funnel).isNotNull();
        assertThat(List.of(
                        funnel.path("sessions").asLong(),
                        funnel.path("viewed").asLong(),
                        funnel.path("carted").asLong(),
                        funnel.path("checkedOut").asLong(),
                        funnel.path("ordered").asLong()))
                .containsExactly(4L, 2L, 1L, 1L, 1L);
        assertThat(funnel.path("dropOff").asString()).isEqualTo("carted");

        // service on WhatsApp: two conversations, Alice's answered, resolved and rated 5
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Answer answered = api.get("/api/v1/analytics/service" + period, ADMIN_TOKEN);
            JsonNode service = answered.json().path("items");
            assertThat(service).as(answered.toString()).hasSize(1);
            JsonNode whatsappService = service.get(0);
            assertThat(whatsappService.path("channel").asString()).isEqualTo("whatsapp");
            assertThat(whatsappService.path("conversations").asLong())
                    .as(whatsappService.toString())
                    .isEqualTo(2);
            assertThat(whatsappService.path("answered").asLong())
                    .as(whatsappService.toString())
                    .isEqualTo(1);
            assertThat(whatsappService.path("resolved").asLong())
                    .as(whatsappService.toString())
                    .isEqualTo(1);
            assertThat(whatsappService.path("surveyed").asLong())
                    .as(whatsappService.toString())
                    .isEqualTo(1);
            assertThat(whatsappService.path("csat").asDouble()).isEqualTo(5.0);
            assertThat(whatsappService.path("medianFirstResponseSeconds").asDouble())
                    .isBetween(0.0, 60.0);
            // SLA attainment: Alice's first answer and resolution in time; Carol's still pending, not counted
            assertThat(List.of(
                            whatsappService.path("firstResponseSlaMet").asLong(),
                            whatsappService.path("firstResponseSlaBreached").asLong(),
                            whatsappService.path("resolutionSlaMet").asLong(),
                            whatsappService.path("resolutionSlaBreached").asLong()))
                    .as(whatsappService.toString())
                    .containsExactly(1L, 0L, 1L, 0L);
            assertThat(whatsappService.path("firstResponseSlaAttainment").asDouble())
                    .isEqualTo(1.0);
        });

        JsonNode crossChannel =
                api.get("/api/v1/analytics/cross-channel" + period, ADMIN_TOKEN).json();
        assertThat(crossChannel.path("customers").asLong()).isEqualTo(4);
        assertThat(crossChannel.path("multiChannelCustomers").asLong()).isEqualTo(3);
        assertThat(crossChannel.path("switches").asLong()).isEqualTo(4);
        assertThat(crossChannel.path("carried").asLong()).isEqualTo(3);

        // the overview reads the rollups (the period starts and ends mid-hour: its edges come from the sessions and
        // touches underneath) and agrees with the channel table
        JsonNode overview =
                api.get("/api/v1/analytics/overview" + period, ADMIN_TOKEN).json();
        assertThat(overview.path("sessions").asLong()).as(overview.toString()).isEqualTo(4 + 2 + 2 + 1);
        assertThat(overview.path("orders").asLong()).isEqualTo(2);
        assertThat(overview.path("unitsSold").asLong()).isEqualTo(3);
        assertThat(overview.path("unitsReturned").asLong()).isEqualTo(1);
        for (JsonNode summary : overview.path("channels")) {
            JsonNode full = figures.get(summary.path("channel").asString());
            assertThat(full).as(summary.toString()).isNotNull();
            for (String field : List.of(
                    "sessions",
                    "avgSessionSeconds",
                    "bounceRate",
                    "conversionRate",
                    "orders",
                    "revenue",
                    "unitsSold",
                    "unitsReturned",
                    "unitsReturnedHere")) {
                assertThat(summary.path(field)).as(field + " of " + summary).isEqualTo(full.path(field));
            }
        }

        // every table also as CSV, and a rebuild from the raw touches gives the same figures
        Answer csv = api.send(
                "GET",
                "/api/v1/analytics/channels" + period,
                Map.of("Authorization", "Bearer " + ADMIN_TOKEN, "Accept", "text/csv"),
                null);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.raw().body()).startsWith("channel,sessions,customers,avgSessionSeconds");
        assertThat(csv.raw().body()).contains("\r\nweb,4,3,52.5,15.0,0.5,0.25,0.3333,0.3333,1,25.00,EUR,");
        String before = api.get("/api/v1/analytics/channels" + period, ADMIN_TOKEN)
                .raw()
                .body();
        assertThat(api.post("/api/v1/analytics/rebuild", ADMIN_TOKEN, Map.of()).status())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(api.get("/api/v1/analytics/channels" + period, ADMIN_TOKEN)
                                .raw()
                                .body())
                        .isEqualTo(before));
    }

    @Test
    void onlyAnalystsSupervisorsAndAdminsReadIt() {
        Commerce shop = new Commerce(api, ADMIN_TOKEN);
        String analyst = shop.staffToken("ANALYST", "analytics:read");
        String agent = shop.staffToken("AGENT", "conversations:read");
        assertThat(api.get("/api/v1/analytics/channels", analyst).status()).isEqualTo(200);
        Answer refused = api.get("/api/v1/analytics/channels", agent);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.raw().body()).contains("analytics:read");
        assertThat(api.post("/api/v1/analytics/rebuild", analyst, Map.of()).status())
                .isEqualTo(403);
        Answer bad = api.get("/api/v1/analytics/channels?from=yesterday", analyst);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("detail").asString()).contains("'from' must be a date");
        Answer backwards = api.get("/api/v1/analytics/channels?from=2026-12-05&to=2026-12-01", analyst);
        assertThat(backwards.status()).isEqualTo(400);
        // a year PostgreSQL cannot hold is the client's mistake, not a 500
        Answer farAway = api.get(
                "/api/v1/analytics/overview?from=%2B300000-01-01T00:00:00Z&to=%2B300000-01-02T00:00:00Z", analyst);
        assertThat(farAway.status()).as(farAway.toString()).isEqualTo(400);
        assertThat(farAway.json().path("detail").asString()).contains("between the years 1970 and 9999");
        Answer channel = api.get("/api/v1/analytics/continuity/examples?channel=carrier-pigeon", analyst);
        assertThat(channel.status()).as(channel.toString()).isEqualTo(400);
    }

    private String awaitCustomerOf(String userId) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> customerOrNull(userId), id -> id != null);
    }

    private String customerOrNull(String userId) {
        Answer found = api.get("/api/v1/customers/lookup?type=user_id&value=" + userId, ADMIN_TOKEN);
        return found.status() == 200 ? found.json().path("id").asString() : null;
    }

    private void segment(List<Map<String, Object>> calls) {
        Answer answer = api.segment("/v1/batch", WRITE_KEY, Map.of("batch", calls));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }
}
