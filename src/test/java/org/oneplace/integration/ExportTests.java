package org.oneplace.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.Api;
import org.oneplace.Api.Answer;
import org.oneplace.Channels;
import org.oneplace.Commerce;
import org.oneplace.OneplaceIntegrationTest;
import org.oneplace.SegmentCalls;
import tools.jackson.databind.JsonNode;

/**
 * Bulk export for a warehouse: walking the customer pages by cursor lists every customer exactly once, as JSON Lines
 * or CSV; orders come oldest first; people without the export permission are refused.
 */
class ExportTests extends OneplaceIntegrationTest {

    @Test
    void aWarehouseWalksEveryPageAndSeesEachCustomerOnce() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<String> created = new ArrayList<>();
        Channels channels = new Channels(api, ADMIN_TOKEN);
        for (int i = 0; i < 3; i++) {
            String user = "export-" + tag + "-" + i;
            Answer sent = api.segment(
                    "/v1/batch",
                    WRITE_KEY,
                    Map.of(
                            "batch",
                            List.of(SegmentCalls.identify(
                                    user, user + "-dev", Instant.now(), Map.of("email", user + "@example.com")))));
            assertThat(sent.status()).isEqualTo(200);
            created.add(channels.awaitCustomer("user_id", user));
        }

        // pages of 50 until there is no next cursor
        Map<String, Integer> seen = new HashMap<>();
        String cursor = null;
        int pages = 0;
        do {
            Answer page = api.get(
                    "/api/v1/exports/customers?limit=50"
                            + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)),
                    ADMIN_TOKEN);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.contentType()).startsWith("application/x-ndjson");
            for (String line : page.raw().body().split("\n")) {
                if (!line.isBlank()) {
                    JsonNode customer = Api.JSON.readTree(line);
                    seen.merge(customer.path("id").asString(), 1, Integer::sum);
                }
            }
            cursor = page.raw().headers().firstValue("X-Next-Cursor").orElse(null);
            pages++;
        } while (cursor != null && pages < 1_000);
        for (String id : created) {
            assertThat(seen.get(id)).as("customer %s", id).isEqualTo(1);
        }
        assertThat(seen.values()).allMatch(n -> n == 1);

        Answer csv = api.get("/api/v1/exports/customers?format=csv&limit=1000", ADMIN_TOKEN);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.raw().body()).startsWith("id,createdAt,name,emails,phones,userIds,identifiers,traits,consents");
        if (csv.raw().headers().firstValue("X-Next-Cursor").isEmpty()) {
            assertThat(csv.raw().body()).contains("export-" + tag + "-0@example.com");
        }

        // orders, oldest first
        Commerce shop = new Commerce(api, ADMIN_TOKEN);
        String sku = shop.sku("Export mug " + tag, 700);
        shop.stock(sku, shop.location("Export warehouse " + tag, 52.5, 13.4, false), 10);
        String orderId =
                shop.shipped(created.getFirst(), "web", sku, 1).path("id").asString();
        boolean found = false;
        Instant previous = Instant.MIN;
        cursor = null;
        pages = 0;
        do {
            Answer page = api.get(
                    "/api/v1/exports/orders?format=jsonl&limit=200"
                            + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)),
                    ADMIN_TOKEN);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            for (String line : page.raw().body().split("\n")) {
                if (!line.isBlank()) {
                    JsonNode o = Api.JSON.readTree(line);
                    Instant at = Instant.parse(o.path("createdAt").asString());
                    assertThat(at).isAfterOrEqualTo(previous);
                    previous = at;
                    found |= o.path("id").asString().equals(orderId);
                }
            }
            cursor = page.raw().headers().firstValue("X-Next-Cursor").orElse(null);
            pages++;
        } while (cursor != null && pages < 1_000);
        assertThat(found).isTrue();

        // the catalogue and the stock levels, for the same warehouse
        String store = shop.location("Export store " + tag, 52.5, 13.4, false);
        shop.stock(sku, store, 7);
        boolean product = false;
        cursor = null;
        pages = 0;
        do {
            Answer page = api.get(
                    "/api/v1/exports/products?limit=100"
                            + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)),
                    ADMIN_TOKEN);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            product |= page.raw().body().contains("\"" + sku + "\"");
            cursor = page.raw().headers().firstValue("X-Next-Cursor").orElse(null);
            pages++;
        } while (!product && cursor != null && pages < 1_000);
        assertThat(product).isTrue();
        String stockCsv = "";
        cursor = null;
        pages = 0;
        do {
            Answer page = api.get(
                    "/api/v1/exports/stock?format=csv&limit=500"
                            + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)),
                    ADMIN_TOKEN);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.raw().body()).startsWith("sku,locationCode,onHand,reserved,safetyStock,available");
            stockCsv += page.raw().body();
            cursor = page.raw().headers().firstValue("X-Next-Cursor").orElse(null);
            pages++;
        } while (cursor != null && pages < 1_000);
        assertThat(stockCsv).contains(sku + "," + store + ",7,");

        Api.assertProblem(api.get("/api/v1/exports/customers?format=xml", ADMIN_TOKEN), 400, "jsonl or csv");
        Api.assertProblem(api.get("/api/v1/exports/customers?cursor=not-a-cursor", ADMIN_TOKEN), 400, "");
        String agent = shop.staffToken("AGENT");
        assertThat(api.get("/api/v1/exports/customers", agent).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/exports/orders", agent).status()).isEqualTo(403);
    }
}
