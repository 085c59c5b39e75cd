package org.oneplace.marketing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.oneplace.Api.assertProblem;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.Channels;
import org.oneplace.Commerce;
import org.oneplace.OneplaceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * The marketing API beyond the journeys J6 and J7: who may define and who may only read, segments over traits,
 * consent, tracked events and orders (count, members, CSV), an agent's reply counting against the frequency cap, and
 * erasure taking a customer's send log while the journey's counts stay.
 */
class MarketingApiTests extends OneplaceIntegrationTest {

    private final List<String> journeys = new ArrayList<>();
    private Commerce shop;

    @BeforeEach
    void shop() {
        shop = new Commerce(api, ADMIN_TOKEN);
    }

    @AfterEach
    void pause() {
        journeys.forEach(id -> api.post("/api/v1/journeys/" + id + "/pause", ADMIN_TOKEN, Map.of()));
        settings(3);
    }

    @Test
    void marketersDefineOthersReadOrNothing() {
        String marketer = shop.staffToken("MARKETER", "marketing:read", "marketing:manage", "customers:read");
        String agent = shop.staffToken("AGENT", "customers:read", "conversations:read");
        String analyst = shop.staffToken("ANALYST", "marketing:read");
        Map<String, Object> segment = Map.of("name", "Everyone with an e-mail", "rules", Map.of("identifier", "email"));

        assertProblem(api.post("/api/v1/segments", agent, segment), 403, "marketing:manage");
        assertProblem(api.get("/api/v1/journeys", agent), 403, "marketing:read");
        assertProblem(api.post("/api/v1/segments", analyst, segment), 403, "marketing:manage");
        Answer created = api.post("/api/v1/segments", marketer, segment);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("count").isIntegralNumber()).isTrue();
        Answer read = api.get("/api/v1/segments/" + created.json().path("id").asString(), analyst);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        Map<String, Object> settings = Map.of(
                "frequencyCap",
                Map.of("count", 3, "period", "P7D"),
                "defaultTimeZone",
                "UTC",
                "attributionWindow",
                "P5D");
        assertProblem(api.put("/api/v1/marketing/settings", analyst, settings), 403, "marketing:manage");
    }

    @Test
    void aSegmentCombinesTraitsConsentEventsAndOrdersInOneQuery() {
        String city = "Lyon-" + UUID.randomUUID().toString().substring(0, 6);
        String fan = visitor(Map.of("name", "Fan One", "city", city));
        String browser = visitor(Map.of("name", "Only Browsing", "city", city));
        String elsewhere = visitor(Map.of("name", "Other City", "city", "Paris"));
        for (String customer : List.of(fan, browser, elsewhere)) {
            consent(customer, "email", "granted");
        }
        consent(browser, "email", "revoked");
        for (String customer : List.of(fan, browser, elsewhere)) {
            for (int i = 0; i < 2; i++) {
                track(customer, "Product Viewed", Map.of("category", "skincare", "sku", "X"));
            }
        }
        track(fan, "Product Viewed", Map.of("category", "shoes"));

        Map<String, Object> rules = Map.of(
                "all",
                List.of(
                        Map.of("trait", "city", "equals", city),
                        Map.of("consent", Map.of("channel", "email", "purpose", "marketing")),
                        Map.of(
                                "event",
                                "product_viewed",
                                "where",
                                Map.of("category", "skincare"),
                                "atLeast",
                                2,
                                "withinDays",
                                7)));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(api.post("/api/v1/segments/count", ADMIN_TOKEN, Map.of("rules", rules))
                                .json()
                                .path("count")
                                .asLong())
                        .isEqualTo(1));
        Answer created =
                api.post("/api/v1/segments", ADMIN_TOKEN, Map.of("name", "Skincare fans in " + city, "rules", rules));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asString();
        JsonNode members = api.get("/api/v1/segments/" + id + "/members", ADMIN_TOKEN)
                .json()
                .path("items");
        assertThat(members).hasSize(1);
        assertThat(members.get(0).path("customerId").asString()).isEqualTo(fan);
        assertThat(members.get(0).path("name").asString()).isEqualTo("Fan One");

        Answer csv = api.send(
                "GET",
                "/api/v1/segments/" + id + "/members",
                Map.of("Authorization", "Bearer " + ADMIN_TOKEN, "Accept", "text/csv"),
                null);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.raw().body())
                .startsWith("customer_id,name,email,phone\r\n")
                .contains(fan + ",Fan One,");

        // "not": in the city, without the consent
        Map<String, Object> without = Map.of(
                "all",
                List.of(
                        Map.of("trait", "city", "equals", city),
                        Map.of("not", Map.of("consent", Map.of("channel", "email")))));
        assertThat(api.post("/api/v1/segments/count", ADMIN_TOKEN, Map.of("rules", without))
                        .json()
                        .path("count")
                        .asLong())
                .isEqualTo(1);

        // orders: the one who bought
        String sku = shop.sku("Segment soap", 500);
        String store = shop.location("Segment store", 45.76, 4.83, false);
        shop.stock(sku, store, 5);
        Map<String, Object> sale = new LinkedHashMap<>();
        sale.put("customerId", browser);
        sale.put("channel", "store");
        sale.put("fulfilment", Commerce.fulfilment("in_store", store));
        sale.put("lines", List.of(Commerce.line(sku, 2)));
        assertThat(shop.order(UUID.randomUUID().toString(), sale).status()).isEqualTo(201);
        Map<String, Object> buyers = Map.of(
                "all",
                List.of(
                        Map.of("trait", "city", "equals", city),
                        Map.of("orders", Map.of("atLeast", 1, "spendAtLeast", 1000, "sku", sku))));
        assertThat(api.post("/api/v1/segments/count", ADMIN_TOKEN, Map.of("rules", buyers))
                        .json()
                        .path("count")
                        .asLong())
                .isEqualTo(1);

        for (Object bad : List.of(
                Map.of("trait", "city", "equals", Map.of("nested", true)),
                Map.of("all", List.of()),
                Map.of("orders", Map.of("atLeast", "many")),
                Map.of("consent", Map.of("channel", "carrier-pigeon")),
                List.of(1, 2),
                Map.of("trait", "x", "event", "y"),
                Map.of("cart", Map.of("idleMinutes", 30, "value", 5)))) {
            Answer refused = api.post("/api/v1/segments/count", ADMIN_TOKEN, Map.of("rules", bad));
            assertThat(refused.status()).as(bad + " → " + refused).isEqualTo(400);
            assertThat(refused.json().path("field").asString())
                    .as(refused.toString())
                    .startsWith("rules");
        }
    }

    @Test
    void anAgentsReplyCountsAgainstTheMarketingCap() throws Exception {
        settings(1);
        Channels channels = new Channels(api, ADMIN_TOKEN);
        Channels.Account chat = channels.webchat("https://shop.example");
        String anonymous = "anon-" + UUID.randomUUID();
        String session = channels.chatSession(chat, Map.of("anonymousId", anonymous));
        assertThat(channels.chat(session, "Does the serum suit dry skin?").status())
                .isEqualTo(202);
        String customer = channels.awaitCustomer("anonymous_id", anonymous);
        channels.awaitThread(customer, t -> t.size() == 1);
        String conversation =
                channels.conversationsOf(customer).getFirst().path("id").asString();
        Answer reply = api.post(
                "/api/v1/conversations/" + conversation + "/messages", ADMIN_TOKEN, Map.of("content", "It does."));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);

        String email = "chat-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        assertThat(api.post(
                                "/api/v1/customers/" + customer + "/identifiers",
                                ADMIN_TOKEN,
                                Map.of("type", "email", "value", email))
                        .status())
                .isIn(200, 201);
        assertThat(api.patch(
                                "/api/v1/customers/" + customer,
                                ADMIN_TOKEN,
                                Map.of("traits", Map.of("timezone", middayZone())))
                        .status())
                .isEqualTo(200);
        consent(customer, "email", "granted");
        String journey = cartJourney();
        String sku = shop.sku("Capped serum", 3000);
        shop.stock(sku, shop.location("Cap store", 1, 1, false), 5);
        addToCart(customer, sku);

        JsonNode skipped = await().atMost(Duration.ofSeconds(20))
                .until(() -> messages(customer), m -> !m.isEmpty())
                .get(0);
        assertThat(skipped.path("status").asString()).isEqualTo("skipped");
        assertThat(skipped.path("reason").asString()).isEqualTo("frequency_cap");
        assertThat(skipped.path("detail").asString()).contains("1 agent reply");
        assertThat(report(journey).path("skipped").path("frequency_cap").asLong())
                .isEqualTo(1);
    }

    @Test
    void erasureTakesTheSendLogAndTheCountsStay() throws Exception {
        String customer = visitor(Map.of(
                "name",
                "Forget Me",
                "timezone",
                middayZone(),
                "email",
                "forget-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com"));
        consent(customer, "email", "granted");
        String journey = cartJourney();
        String sku = shop.sku("Erased serum", 3000);
        shop.stock(sku, shop.location("Erase store", 1, 1, false), 5);
        addToCart(customer, sku);
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> messages(customer),
                        m -> !m.isEmpty() && m.get(0).path("status").asString().equals("sent"));
        assertThat(api.get("/api/v1/customers/" + customer + "/export", ADMIN_TOKEN)
                        .raw()
                        .body())
                .contains("\"marketing\"")
                .contains("\"remind\"");

        Answer erased = api.delete("/api/v1/customers/" + customer + "?confirm=" + customer, ADMIN_TOKEN);
        assertThat(erased.status()).as(erased.toString()).isEqualTo(204);
        assertThat(api.get("/api/v1/customers/" + customer + "/marketing-messages", ADMIN_TOKEN)
                        .status())
                .isEqualTo(404);
        assertThat(report(journey).path("sent").asLong()).isEqualTo(1);
    }

    @Test
    void aBroadcastReachesTheSegmentUnderConsentAtItsRate() throws Exception {
        String city = "Bruges-" + UUID.randomUUID().toString().substring(0, 6);
        List<String> emails = new ArrayList<>();
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String email = "bc" + i + "-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
            emails.add(email);
            customers.add(visitor(Map.of("name", "Bee " + i, "city", city, "email", email, "timezone", middayZone())));
        }
        consent(customers.get(0), "email", "granted");
        consent(customers.get(1), "email", "granted");
        String segment = api.post(
                        "/api/v1/segments",
                        ADMIN_TOKEN,
                        Map.of("name", "Bruges " + city, "rules", Map.of("trait", "city", "equals", city)))
                .json()
                .path("id")
                .asString();
        String template = api.post(
                        "/api/v1/templates",
                        ADMIN_TOKEN,
                        Map.of("name", "Sale", "channel", "email", "subject", "Winter sale", "body", "<p>Sale!</p>"))
                .json()
                .path("id")
                .asString();

        Map<String, Object> later = new LinkedHashMap<>();
        later.put("name", "Next month");
        later.put("segmentId", segment);
        later.put("templateId", template);
        later.put("channels", List.of("email"));
        later.put("sendAt", Instant.now().plus(Duration.ofDays(30)).toString());
        Answer scheduled = api.post("/api/v1/broadcasts", ADMIN_TOKEN, later);
        assertThat(scheduled.status()).as(scheduled.toString()).isEqualTo(201);
        assertThat(scheduled.json().path("status").asString()).isEqualTo("scheduled");
        journeys.add(scheduled.json().path("id").asString());

        Answer now = api.post(
                "/api/v1/broadcasts",
                ADMIN_TOKEN,
                Map.of(
                        "name",
                        "Winter sale",
                        "segmentId",
                        segment,
                        "templateId",
                        template,
                        "channels",
                        List.of("email"),
                        "ratePerMinute",
                        120));
        assertThat(now.status()).as(now.toString()).isEqualTo(201);
        String broadcast = now.json().path("id").asString();
        journeys.add(broadcast);
        JsonNode done = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> api.get("/api/v1/broadcasts/" + broadcast, ADMIN_TOKEN)
                                .json(),
                        b -> b.path("status").asString().equals("sent"));
        assertThat(done.path("audience").asLong()).isEqualTo(3);
        assertThat(done.path("report").path("sent").asLong()).isEqualTo(2);
        assertThat(done.path("report").path("skipped").path("no_consent").asLong())
                .isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            String to = emails.get(i);
            long mails = mailsTo(to).size();
            assertThat(mails).as(to).isEqualTo(i < 2 ? 1 : 0);
        }
        JsonNode sent = messages(customers.get(0)).getFirst();
        assertThat(sent.path("broadcastId").asString()).isEqualTo(broadcast);
        assertThat(sent.path("journeyId").isNull()).isTrue();
        assertThat(api.get("/api/v1/broadcasts/" + scheduled.json().path("id").asString(), ADMIN_TOKEN)
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("scheduled");
        assertProblem(
                api.post(
                        "/api/v1/broadcasts",
                        ADMIN_TOKEN,
                        Map.of(
                                "name",
                                "x",
                                "segmentId",
                                UUID.randomUUID(),
                                "templateId",
                                template,
                                "channels",
                                List.of("email"))),
                400,
                "There is no segment");
    }

    @Test
    void aTrackedEventStartsAJourneyReadBehindIngestion() {
        String marker = UUID.randomUUID().toString().substring(0, 6);
        String email = "viewer-" + marker + "@example.com";
        String customer = visitor(Map.of("name", "Vi Ewer", "email", email, "timezone", middayZone()));
        consent(customer, "email", "granted");
        String template = api.post(
                        "/api/v1/templates",
                        ADMIN_TOKEN,
                        Map.of(
                                "name",
                                "Still thinking",
                                "channel",
                                "email",
                                "subject",
                                "{{customer.firstName}}, still thinking about it?",
                                "body",
                                "<p>It is still here.</p>"))
                .json()
                .path("id")
                .asString();
        Answer created = api.post(
                "/api/v1/journeys",
                ADMIN_TOKEN,
                Map.of(
                        "name", "Viewed " + marker,
                        "entry",
                                Map.of(
                                        "type",
                                        "event",
                                        "name",
                                        "Product Viewed",
                                        "where",
                                        Map.of("category", "skincare-" + marker)),
                        "steps",
                                List.of(Map.of(
                                        "id",
                                        "nudge",
                                        "type",
                                        "send",
                                        "templateId",
                                        template,
                                        "channels",
                                        List.of("email")))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String journey = created.json().path("id").asString();
        journeys.add(journey);
        assertThat(api.post("/api/v1/journeys/" + journey + "/activate", ADMIN_TOKEN, Map.of())
                        .status())
                .isEqualTo(200);

        track(customer, "Product Viewed", Map.of("category", "shoes-" + marker));
        track(customer, "Product Viewed", Map.of("category", "skincare-" + marker));
        JsonNode sent = await().atMost(Duration.ofSeconds(20))
                .until(() -> messages(customer), m -> !m.isEmpty())
                .get(0);
        assertThat(sent.path("journeyId").asString()).isEqualTo(journey);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> mailsTo(email).stream().anyMatch(m -> {
                    try {
                        return m.getSubject().equals("Vi, still thinking about it?");
                    } catch (jakarta.mail.MessagingException e) {
                        return false;
                    }
                }));
        JsonNode report = report(journey);
        assertThat(report.path("entered").asLong()).isEqualTo(1);

        Answer bad = api.post(
                "/api/v1/journeys",
                ADMIN_TOKEN,
                Map.of(
                        "name",
                        "x",
                        "entry",
                        Map.of("type", "event", "where", Map.of("a", Map.of("b", 1))),
                        "steps",
                        List.of(Map.of("id", "n", "type", "exit"))));
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.json().path("field").asString()).isEqualTo("entry.name");
    }

    @Test
    void noMarketingWhileTheCustomerWaitsForAnOverdueAnswer() {
        Channels channels = new Channels(api, ADMIN_TOKEN);
        Channels.Account chat = channels.webchat("https://shop.example");
        Commerce.Staff agent = shop.staff("AGENT", "conversations:read");
        Answer team = api.post(
                "/api/v1/teams",
                ADMIN_TOKEN,
                Map.of(
                        "name",
                        "Chat " + UUID.randomUUID(),
                        "memberIds",
                        List.of(agent.id()),
                        "channelIds",
                        List.of(chat.id())));
        assertThat(team.status()).as(team.toString()).isEqualTo(201);
        Answer policy = api.post(
                "/api/v1/sla-policies",
                ADMIN_TOKEN,
                Map.of(
                        "name",
                        "Instant " + UUID.randomUUID(),
                        "teamId",
                        team.json().path("id").asString(),
                        "firstResponse",
                        "PT1S",
                        "resolution",
                        "PT1H"));
        assertThat(policy.status()).as(policy.toString()).isEqualTo(201);
        String anonymous = "anon-" + UUID.randomUUID();
        String session = channels.chatSession(chat, Map.of("anonymousId", anonymous));
        assertThat(channels.chat(session, "My parcel never came!").status()).isEqualTo(202);
        String customer = channels.awaitCustomer("anonymous_id", anonymous);
        channels.awaitThread(customer, t -> t.size() == 1);
        String conversation =
                channels.conversationsOf(customer).getFirst().path("id").asString();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get("/api/v1/conversations/" + conversation + "/sla", ADMIN_TOKEN)
                        .json()
                        .path("firstResponse")
                        .path("status")
                        .asString()
                        .equals("breached"));

        String email = "waiting-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        api.post(
                "/api/v1/customers/" + customer + "/identifiers", ADMIN_TOKEN, Map.of("type", "email", "value", email));
        api.patch("/api/v1/customers/" + customer, ADMIN_TOKEN, Map.of("traits", Map.of("timezone", middayZone())));
        consent(customer, "email", "granted");
        cartJourney();
        String sku = shop.sku("Suppressed serum", 3000);
        shop.stock(sku, shop.location("Suppress store", 1, 1, false), 5);
        addToCart(customer, sku);
        JsonNode held = await().atMost(Duration.ofSeconds(20))
                .until(() -> messages(customer), m -> !m.isEmpty())
                .get(0);
        assertThat(held.path("status").asString()).isEqualTo("skipped");
        assertThat(held.path("reason").asString()).isEqualTo("suppressed");
        assertThat(held.path("detail").asString()).contains("missed its SLA");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private String cartJourney() {
        Answer template = api.post(
                "/api/v1/templates",
                ADMIN_TOKEN,
                Map.of("name", "Cart", "channel", "email", "subject", "Your cart", "body", "<p>{{cart.total}}</p>"));
        assertThat(template.status()).as(template.toString()).isEqualTo(201);
        Answer created = api.post(
                "/api/v1/journeys",
                ADMIN_TOKEN,
                Map.of(
                        "name", "API cart " + UUID.randomUUID().toString().substring(0, 4),
                        "entry", Map.of("type", "cart_abandoned", "after", "PT1S"),
                        "steps",
                                List.of(Map.of(
                                        "id",
                                        "remind",
                                        "type",
                                        "send",
                                        "templateId",
                                        template.json().path("id").asString(),
                                        "channels",
                                        List.of("email")))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asString();
        journeys.add(id);
        assertThat(api.post("/api/v1/journeys/" + id + "/activate", ADMIN_TOKEN, Map.of())
                        .status())
                .isEqualTo(200);
        return id;
    }

    private JsonNode report(String journey) {
        return api.get("/api/v1/journeys/" + journey + "/report", ADMIN_TOKEN)
                .json()
                .path("items")
                .get(0);
    }

    private void settings(int cap) {
        Answer saved = api.put(
                "/api/v1/marketing/settings",
                ADMIN_TOKEN,
                Map.of(
                        "frequencyCap",
                        Map.of("count", cap, "period", "P7D"),
                        "quietHours",
                        Map.of("from", "21:00", "to", "08:00"),
                        "defaultTimeZone",
                        "UTC",
                        "attributionWindow",
                        "P5D"));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    }

    private static String middayZone() {
        int hour = Instant.now().atOffset(ZoneOffset.UTC).getHour();
        return ZoneOffset.ofHours(Math.floorMod(12 - hour + 12, 24) - 12).getId();
    }

    private String visitor(Map<String, Object> traits) {
        String anonymous = "anon-" + UUID.randomUUID();
        assertThat(api.segment("/v1/identify", WRITE_KEY, Map.of("anonymousId", anonymous, "traits", traits))
                        .status())
                .isEqualTo(200);
        return customerId("anonymous_id", anonymous);
    }

    private void track(String customer, String event, Map<String, Object> properties) {
        Answer tracked = api.segment(
                "/v1/track",
                WRITE_KEY,
                Map.of("anonymousId", anonymousOf(customer), "event", event, "properties", properties));
        assertThat(tracked.status()).as(tracked.toString()).isEqualTo(200);
    }

    private String anonymousOf(String customer) {
        JsonNode identifiers =
                api.get("/api/v1/customers/" + customer, ADMIN_TOKEN).json().path("identifiers");
        for (JsonNode identifier : identifiers) {
            if (identifier.path("type").asString().equals("anonymous_id")) {
                return identifier.path("value").asString();
            }
        }
        throw new AssertionError("no anonymous id on " + customer);
    }

    private void consent(String customer, String channel, String status) {
        Answer consent = api.put(
                "/api/v1/customers/" + customer + "/consents",
                ADMIN_TOKEN,
                Map.of("channel", channel, "purpose", "marketing", "status", status, "source", "form"));
        assertThat(consent.status()).as(consent.toString()).isEqualTo(200);
    }

    private void addToCart(String customer, String sku) {
        Answer added = api.post(
                "/api/v1/customers/" + customer + "/cart/lines",
                ADMIN_TOKEN,
                Map.of("sku", sku, "quantity", 1, "channel", "web"));
        assertThat(added.status()).as(added.toString()).isIn(200, 201);
    }

    private List<JsonNode> messages(String customer) {
        List<JsonNode> items = new ArrayList<>();
        api.get("/api/v1/customers/" + customer + "/marketing-messages", ADMIN_TOKEN)
                .json()
                .path("items")
                .forEach(items::add);
        return items;
    }
}
