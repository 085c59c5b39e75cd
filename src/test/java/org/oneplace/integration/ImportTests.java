package org.oneplace.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.Api;
import org.oneplace.Api.Answer;
import org.oneplace.Commerce;
import org.oneplace.OneplaceIntegrationTest;
import org.oneplace.integration.internal.ImportRepository;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Bulk import of customers through the public API: a CSV file with rows that are one person, rows that conflict and
 * rows that are wrong; the job's counts and rejects; importing the same file again changes nothing; JSON Lines; a
 * cancelled import resumes after its last batch without writing anything twice.
 */
class ImportTests extends OneplaceIntegrationTest {

    @Autowired
    ImportRepository files;

    @Test
    void aCsvFileOfCustomersIsResolvedLikeLiveTrafficAndImportingItAgainChangesNothing() {
        String t = UUID.randomUUID().toString().substring(0, 8);
        String csv = "userId,Email,phone,loyalty_id,name,createdAt,trait.tier,consent.email.marketing,consentSource\n"
                // 2: a new customer with a trait and a consent
                + "ann-" + t + ",ann-" + t + "@example.com,,,Ann " + t + ",2023-04-01,gold,granted,crm-signup\n"
                // 3 and 4: one person in two rows: the phone links them
                + ",bob-" + t + "@example.com,+44 20 7946 " + digits(t) + ",,Bob,,,,\n"
                + ",,+442079" + "46" + digits(t) + ",L-" + t + ",,,silver,,\n"
                // 5: an invalid address
                + ",not-an-email,,,,,,,\n"
                // 6: a second user id for Ann's address: a conflict, not a merge
                + "ann2-" + t + ",ANN-" + t + "@example.com,,,,,,,\n"
                // 7: a quoted name over two lines, 9: a bad date
                + "cy-" + t + ",,,,\"Cy\nMulti\",,,,\n"
                + "dee-" + t + ",,,,,someday,,,\n"
                // 10: no identifier at all
                + ",,,,Nobody,,,,\n";
        JsonNode done = importAndWait("customers", "text/csv", "customers-" + t + ".csv", csv);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("completed");
        assertThat(done.path("rowsRead").asLong()).isEqualTo(8);
        assertThat(done.path("rowsWritten").asLong()).isEqualTo(5);
        assertThat(done.path("rowsRejected").asLong()).isEqualTo(3);
        assertThat(done.path("customersCreated").asLong()).isEqualTo(4); // ann, bob, ann2 (in conflict), cy
        assertThat(done.path("conflicts").asLong()).isEqualTo(1);
        assertThat(done.path("consentsRecorded").asLong()).isEqualTo(1);
        assertThat(done.path("progress").asDouble()).isEqualTo(1.0);

        Answer rejects = api.get("/api/v1/imports/" + done.path("id").asString() + "/rejects", ADMIN_TOKEN);
        assertThat(rejects.status()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        rejects.json().path("items").forEach(items::add);
        assertThat(items).extracting(r -> r.path("line").asLong()).containsExactly(5L, 9L, 10L);
        assertThat(items.get(0).path("field").asString()).isEqualTo("Email");
        assertThat(items.get(0).path("reason").asString()).contains("not-an-email");
        assertThat(items.get(1).path("field").asString()).isEqualTo("createdAt");
        assertThat(items.get(1).path("reason").asString()).contains("ISO 8601");
        assertThat(items.get(2).path("reason").asString()).contains("no identifier");

        JsonNode ann = customer("user_id", "ann-" + t);
        assertThat(ann.path("name").asString()).isEqualTo("Ann " + t);
        assertThat(ann.path("createdAt").asString()).startsWith("2023-04-01");
        assertThat(ann.path("traits").path("tier").asString()).isEqualTo("gold");
        assertThat(ann.path("consents").toString()).contains("\"marketing\"").contains("granted");
        assertThat(ids(ann, "user_id")).containsExactly("ann-" + t); // ann2 did not merge in
        JsonNode ann2 = customer("user_id", "ann2-" + t);
        assertThat(ann2.path("id").asString()).isNotEqualTo(ann.path("id").asString());
        JsonNode bob = customer("loyalty_id", "L-" + t);
        assertThat(ids(bob, "email")).containsExactly("bob-" + t + "@example.com");
        assertThat(bob.path("traits").path("tier").asString()).isEqualTo("silver");
        assertThat(customer("user_id", "cy-" + t).path("name").asString()).isEqualTo("Cy\nMulti");

        // the same file again: nothing new, nothing changed
        JsonNode again = importAndWait("customers", "text/csv", "customers-" + t + ".csv", csv);
        assertThat(again.path("status").asString()).isEqualTo("completed");
        assertThat(again.path("customersCreated").asLong()).isZero();
        assertThat(again.path("customersMerged").asLong()).isZero();
        assertThat(again.path("consentsRecorded").asLong()).isZero();
        assertThat(customer("user_id", "ann-" + t)).isEqualTo(ann);
        assertThat(customer("loyalty_id", "L-" + t)).isEqualTo(bob);
        Answer history = api.get("/api/v1/customers/" + ann.path("id").asString() + "/consents/history", ADMIN_TOKEN);
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.json().toString().split("crm-signup", -1)).hasSize(2);
    }

    @Test
    void jsonLinesWithABrokenLineAndTheAnswersAClientNeeds() {
        String t = UUID.randomUUID().toString().substring(0, 8);
        String jsonl = "{\"userId\": \"jl-" + t + "\", \"traits\": {\"plan\": \"pro\", \"seats\": 3},"
                + " \"consents\": [{\"channel\": \"sms\", \"purpose\": \"marketing\", \"status\": true,"
                + " \"at\": \"2024-01-02T03:04:05Z\", \"evidence\": \"form v2\"}]}\n"
                + "\n"
                + "{not json\n"
                + "[1, 2]\n"
                + "{\"identifiers\": [{\"type\": \"whatsapp\", \"value\": \"4915112345" + digits(t) + "\"}],"
                + " \"email\": \"jl2-" + t + "@example.com\", \"favourite\": 1}\n"
                + "{\"email\": \"jl3-" + t + "@example.com\", \"bad\": \"\\u0000\"}\n";
        JsonNode done = importAndWait("customers", "application/x-ndjson", null, jsonl);
        assertThat(done.path("status").asString()).isEqualTo("completed");
        assertThat(done.path("format").asString()).isEqualTo("jsonl");
        assertThat(done.path("rowsWritten").asLong()).isEqualTo(1);
        assertThat(done.path("rowsRejected").asLong()).isEqualTo(4);
        List<JsonNode> rejects = new ArrayList<>();
        api.get("/api/v1/imports/" + done.path("id").asString() + "/rejects", ADMIN_TOKEN)
                .json()
                .path("items")
                .forEach(rejects::add);
        assertThat(rejects).extracting(r -> r.path("line").asLong()).containsExactly(3L, 4L, 5L, 6L);
        assertThat(rejects.get(0).path("reason").asString()).contains("not JSON");
        assertThat(rejects.get(1).path("reason").asString()).contains("one JSON object");
        assertThat(rejects.get(2).path("field").asString()).isEqualTo("favourite");
        assertThat(rejects.get(3).path("reason").asString()).contains("NUL");
        JsonNode jl = customer("user_id", "jl-" + t);
        assertThat(jl.path("traits").path("seats").asInt()).isEqualTo(3);
        assertThat(jl.path("consents").toString()).contains("sms").contains("granted");

        Api.assertProblem(api.send("POST", "/api/v1/imports?kind=people", headers("text/csv"), "a\n"), 400, "kind");
        Api.assertProblem(
                api.send("POST", "/api/v1/imports?kind=customers", headers("text/plain"), "a\n"), 400, "text/csv");
        Api.assertProblem(api.send("POST", "/api/v1/imports?kind=customers", headers("text/csv"), ""), 400, "empty");
        Api.assertProblem(api.get("/api/v1/imports/" + UUID.randomUUID(), ADMIN_TOKEN), 404, "no import");
        JsonNode header = importAndWait("customers", "text/csv", null, "email,shoe size\nx@example.com,42\n");
        assertThat(header.path("status").asString()).isEqualTo("failed");
        assertThat(header.path("error").asString()).contains("shoe size");
        // a stopped import's file (personal data) is deleted after a week; resuming it then says so
        String failedId = header.path("id").asString();
        assertThat(files.hasFile(UUID.fromString(failedId))).isTrue();
        files.forgetStoppedFiles(Instant.now().plus(Duration.ofDays(1)), Instant.now());
        assertThat(files.hasFile(UUID.fromString(failedId))).isFalse();
        Api.assertProblem(api.post("/api/v1/imports/" + failedId + "/resume", ADMIN_TOKEN, Map.of()), 409, "deleted");
        String agent = new Commerce(api, ADMIN_TOKEN).staffToken("AGENT");
        Map<String, String> asAgent = Map.of("Authorization", "Bearer " + agent, "Content-Type", "text/csv");
        assertThat(api.send("POST", "/api/v1/imports?kind=customers", asAgent, "email\na@example.com\n")
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/imports", agent).status()).isEqualTo(403);
    }

    @Test
    void historicalOrdersComeInOnceWithTheirChannelDateAndPriceAndMoveNoStock() {
        String t = UUID.randomUUID().toString().substring(0, 8);
        Commerce shop = new Commerce(api, ADMIN_TOKEN);
        String mug = shop.sku("Import mug " + t, 900);
        String tea = shop.sku("Import tea " + t, 450);
        String store = shop.location("Import store " + t, 51.5, -0.1, true);
        shop.stock(mug, store, 10);
        String csv = "orderId,placedAt,channel,location,currency,sku,quantity,price,email\n"
                // 2-3: one in-store order of two lines, at the prices of the day
                + "A-" + t + ",2024-05-01T10:00:00Z,store," + store + ",EUR," + mug + ",2,8.50,o-" + t
                + "@example.com\n"
                + "A-" + t + ",2024-05-01T10:00:00Z,store," + store + ",EUR," + tea + ",1,4.00,o-" + t
                + "@example.com\n"
                // 4: an online order for the same person
                + "B-" + t + ",2024-06-02,web,,EUR," + mug + ",1,9.00,O-" + t + "@example.com\n"
                // 5-6: an order with an unknown SKU on its second line is refused whole
                + "C-" + t + ",2024-06-03,web,,EUR," + mug + ",1,9.00,o-" + t + "@example.com\n"
                + "C-" + t + ",2024-06-03,web,,EUR,NOPE-" + t + ",1,9.00,o-" + t + "@example.com\n"
                // 7: a bad price
                + "D-" + t + ",2024-06-04,web,,EUR," + mug + ",1,9.999,o-" + t + "@example.com\n"
                // 8-10: a NUL on the middle line refuses the whole order, not just that line
                + "F-" + t + ",2024-06-05,web,,EUR," + mug + ",1,9.00,o-" + t + "@example.com\n"
                + "F-" + t + ",2024-06-05,web,,EUR," + tea + ",1,9.00\u0000,o-" + t + "@example.com\n"
                + "F-" + t + ",2024-06-05,web,,EUR,X-" + t + ",1,9.00,o-" + t + "@example.com\n";
        JsonNode done = importAndWait("orders", "text/csv", "orders-" + t + ".csv", csv);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("completed");
        assertThat(done.path("ordersCreated").asLong()).isEqualTo(2);
        assertThat(done.path("rowsWritten").asLong()).isEqualTo(3);
        assertThat(done.path("rowsRejected").asLong()).isEqualTo(6);
        assertThat(done.path("customersCreated").asLong()).isEqualTo(1);
        List<JsonNode> rejects = new ArrayList<>();
        api.get("/api/v1/imports/" + done.path("id").asString() + "/rejects", ADMIN_TOKEN)
                .json()
                .path("items")
                .forEach(rejects::add);
        assertThat(rejects).extracting(r -> r.path("line").asLong()).containsExactly(5L, 7L, 8L);
        assertThat(rejects.get(0).path("reason").asString()).contains("Unknown SKU NOPE-" + t);
        assertThat(rejects.get(1).path("field").asString()).isEqualTo("price");

        String customerId =
                customer("email", "o-" + t + "@example.com").path("id").asString();
        JsonNode orders = api.get("/api/v1/customers/" + customerId + "/orders", ADMIN_TOKEN)
                .json();
        List<JsonNode> items = new ArrayList<>();
        orders.path("items").forEach(items::add);
        assertThat(items).hasSize(2);
        JsonNode inStore = items.stream()
                .filter(o -> o.path("channel").asString().equals("store"))
                .findFirst()
                .orElseThrow();
        assertThat(inStore.path("status").asString()).isEqualTo("completed");
        assertThat(inStore.path("total").path("amount").asLong()).isEqualTo(2100);
        assertThat(inStore.path("createdAt").asString()).startsWith("2024-05-01T10:00");
        assertThat(shop.level(mug, store).path("onHand").asInt()).isEqualTo(10); // history moves no stock

        JsonNode again = importAndWait("orders", "text/csv", "orders-" + t + ".csv", csv);
        assertThat(again.path("ordersCreated").asLong()).isZero();
        assertThat(again.path("rowsWritten").asLong()).isEqualTo(3);
        assertThat(api.get("/api/v1/customers/" + customerId + "/orders", ADMIN_TOKEN)
                        .json()
                        .path("items")
                        .size())
                .isEqualTo(2);

        String jsonl = "{\"orderId\": \"E-" + t + "\", \"placedAt\": \"2024-07-01T08:00:00Z\", \"channel\": \"app\","
                + " \"currency\": \"EUR\", \"userId\": \"o-user-" + t + "\", \"lines\": [{\"sku\": \"" + tea
                + "\", \"quantity\": 3, \"unitPrice\": 400}]}\n";
        JsonNode app = importAndWait("orders", "application/x-ndjson", null, jsonl);
        assertThat(app.path("ordersCreated").asLong()).as(app.toString()).isEqualTo(1);
        String appCustomer = customer("user_id", "o-user-" + t).path("id").asString();
        JsonNode appOrder = api.get("/api/v1/customers/" + appCustomer + "/orders", ADMIN_TOKEN)
                .json()
                .path("items")
                .get(0);
        assertThat(appOrder.path("channel").asString()).isEqualTo("app");
        assertThat(appOrder.path("total").path("amount").asLong()).isEqualTo(1200);
        JsonNode header = importAndWait("orders", "text/csv", null, "orderId,email\nX,x@example.com\n");
        assertThat(header.path("status").asString()).isEqualTo("failed");
        assertThat(header.path("error").asString()).contains("placedat");
    }

    @Test
    void productsAndStockComeInThroughTheCatalogueAndItsRules() {
        String t = UUID.randomUUID().toString().substring(0, 8);
        Commerce shop = new Commerce(api, ADMIN_TOKEN);
        String store = shop.location("Import stock " + t, 48.1, 11.6, true);
        String products = "sku,product,category,price,currency,option.size\n"
                + "P-" + t + "-S,Shirt " + t + ",tops,19.90,EUR,S\n"
                + "P-" + t + "-M,Shirt " + t + ",tops,19.90,EUR,M\n"
                // 4: a new SKU without its product's name; 5: a SKU the catalogue refuses
                + "P-" + t + "-X,,tops,5,EUR,\n"
                + "bad sku!,Shirt " + t + ",tops,1,EUR,L\n";
        JsonNode done = importAndWait("products", "text/csv", null, products);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("completed");
        assertThat(done.path("rowsWritten").asLong()).isEqualTo(2);
        assertThat(done.path("rowsRejected").asLong()).isEqualTo(2);
        JsonNode found =
                api.get("/api/v1/products?q=Shirt%20" + t, ADMIN_TOKEN).json().path("items");
        assertThat(found.size()).isEqualTo(1);
        assertThat(found.get(0).path("variants").size()).isEqualTo(2);
        assertThat(found.get(0).path("category").asString()).isEqualTo("tops");

        // the same file again changes nothing; a new price is taken
        assertThat(importAndWait("products", "text/csv", null, products)
                        .path("rowsWritten")
                        .asLong())
                .isEqualTo(2);
        importAndWait("products", "text/csv", null, "sku,unitPrice,currency\nP-" + t + "-S,1750,EUR\n");
        JsonNode variants = api.get("/api/v1/products?q=Shirt%20" + t, ADMIN_TOKEN)
                .json()
                .path("items")
                .get(0)
                .path("variants");
        assertThat(variants.toString()).contains("1750");

        String stock = "sku,location,onHand,safetyStock\n"
                + "P-" + t + "-S," + store + ",12,2\n"
                + "P-" + t + "-M," + store + ",5,\n"
                + "NOPE-" + t + "," + store + ",1,\n"
                + "P-" + t + "-S,NOWHERE-" + t + ",1,\n";
        JsonNode counted = importAndWait("stock", "text/csv", null, stock);
        assertThat(counted.path("rowsWritten").asLong()).as(counted.toString()).isEqualTo(2);
        assertThat(counted.path("rowsRejected").asLong()).isEqualTo(2);
        JsonNode level = shop.level("P-" + t + "-S", store);
        assertThat(level.path("onHand").asInt()).isEqualTo(12);
        assertThat(level.path("safetyStock").asInt()).isEqualTo(2);
        List<JsonNode> rejects = new ArrayList<>();
        api.get("/api/v1/imports/" + counted.path("id").asString() + "/rejects", ADMIN_TOKEN)
                .json()
                .path("items")
                .forEach(rejects::add);
        assertThat(rejects.get(0).path("reason").asString()).contains("NOPE-" + t);
        assertThat(rejects.get(1).path("reason").asString()).contains("NOWHERE-" + t);
        // counted as the import, on behalf of who started it
        assertThat(api.get("/api/v1/audit?objectType=stock", ADMIN_TOKEN).raw().body())
                .contains("import ");

        // a token scoped to imports alone may bring customers in, not change the catalogue or the stock
        String importsOnly = shop.staffToken("ADMIN", "imports:run");
        Map<String, String> scoped = Map.of("Authorization", "Bearer " + importsOnly, "Content-Type", "text/csv");
        Api.assertProblem(api.send("POST", "/api/v1/imports?kind=products", scoped, products), 403, "catalog:manage");
        Api.assertProblem(api.send("POST", "/api/v1/imports?kind=stock", scoped, stock), 403, "inventory:manage");
        assertThat(api.send("POST", "/api/v1/imports?kind=customers", scoped, "email\nscoped-" + t + "@example.com\n")
                        .status())
                .isEqualTo(202);
    }

    @Test
    void hostileFilesFailWithTheLineAndKeepWhatCameBefore() {
        String t = UUID.randomUUID().toString().substring(0, 8);
        // a quote never closed: the rest of the file would be one value; the row before it still goes in
        StringBuilder open = new StringBuilder("email,name\n");
        open.append("before-").append(t).append("@example.com,Before\n");
        open.append("open-").append(t).append("@example.com,\"never closed\n");
        open.append("x@example.com,filler\n".repeat(80_000));
        JsonNode failed = importAndWait("customers", "text/csv", null, open.toString());
        assertThat(failed.path("status").asString()).as(failed.toString()).isEqualTo("failed");
        assertThat(failed.path("error").asString()).contains("line 3").contains("quote");
        assertThat(failed.path("rowsWritten").asLong()).isEqualTo(1);
        assertThat(customer("email", "before-" + t + "@example.com")
                        .path("name")
                        .asString())
                .isEqualTo("Before");

        // consents do not hide in the traits, where a second import would record them again
        JsonNode traits =
                importAndWait("customers", "text/csv", null, "email,trait.consents\ntr-" + t + "@example.com,yes\n");
        assertThat(traits.path("rowsRejected").asLong()).isEqualTo(1);

        // a form post would have the container read the file as form fields: refused with what to do instead
        Answer form = api.send(
                "POST",
                "/api/v1/imports?kind=customers",
                Map.of("Authorization", "Bearer " + ADMIN_TOKEN, "Content-Type", "application/x-www-form-urlencoded"),
                "email\na@example.com\n");
        assertThat(form.status()).as(form.toString()).isEqualTo(415);
        assertThat(form.detail()).contains("text/csv");
    }

    @Test
    void aCancelledImportResumesAfterItsLastBatchAndWritesNothingTwice() {
        String t = UUID.randomUUID().toString().substring(0, 8);
        int rows = 40_000;
        StringBuilder csv = new StringBuilder("userId,email,trait.n\n");
        for (int i = 0; i < rows; i++) {
            csv.append("bulk-")
                    .append(t)
                    .append('-')
                    .append(i)
                    .append(",bulk-")
                    .append(t)
                    .append('-')
                    .append(i)
                    .append("@example.com,")
                    .append(i)
                    .append('\n');
        }
        Answer started = api.send(
                "POST", "/api/v1/imports?kind=customers&fileName=bulk.csv", headers("text/csv"), csv.toString());
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String id = started.json().path("id").asString();
        // cancelled once its first batches are in (the file is large enough to still be running then)
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (api.get("/api/v1/imports/" + id, ADMIN_TOKEN)
                        .json()
                        .path("rowsRead")
                        .asLong()
                == 0) {
            assertThat(Instant.now()).isBefore(deadline);
            sleep();
        }
        Answer cancelled = api.post("/api/v1/imports/" + id + "/cancel", ADMIN_TOKEN, Map.of());
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        JsonNode stopped = await(id);
        assertThat(stopped.path("status").asString()).isEqualTo("cancelled");
        assertThat(stopped.path("rowsRead").asLong()).isPositive().isLessThan(rows);
        Api.assertProblem(api.post("/api/v1/imports/" + id + "/cancel", ADMIN_TOKEN, Map.of()), 409, "resume");
        Answer resumed = api.post("/api/v1/imports/" + id + "/resume", ADMIN_TOKEN, Map.of());
        assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
        JsonNode done = await(id);
        assertThat(done.path("status").asString()).isEqualTo("completed");
        assertThat(done.path("rowsRead").asLong()).isEqualTo(rows);
        assertThat(done.path("rowsWritten").asLong()).isEqualTo(rows);
        assertThat(done.path("customersCreated").asLong()).isEqualTo(rows);
        assertThat(customer("email", "bulk-" + t + "-" + (rows - 1) + "@example.com")
                        .path("traits")
                        .path("n")
                        .asString())
                .isEqualTo(String.valueOf(rows - 1));
        Answer list = api.get("/api/v1/imports?limit=5", ADMIN_TOKEN);
        assertThat(list.json().path("items").toString()).contains(id);
    }

    private JsonNode importAndWait(String kind, String type, String fileName, String body) {
        Answer started = api.send(
                "POST",
                "/api/v1/imports?kind=" + kind + (fileName == null ? "" : "&fileName=" + fileName),
                headers(type),
                body);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        assertThat(started.raw().headers().firstValue("Location")).isPresent();
        return await(started.json().path("id").asString());
    }

    private JsonNode await(String id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            JsonNode view = api.get("/api/v1/imports/" + id, ADMIN_TOKEN).json();
            String status = view.path("status").asString();
            if (!status.equals("queued") && !status.equals("running")) {
                return view;
            }
            assertThat(Instant.now()).as("import %s still %s", id, status).isBefore(deadline);
            sleep();
        }
    }

    private static List<String> ids(JsonNode customer, String type) {
        List<String> values = new ArrayList<>();
        customer.path("identifiers").forEach(i -> {
            if (i.path("type").asString().equals(type)) {
                values.add(i.path("value").asString());
            }
        });
        return values;
    }

    private static Map<String, String> headers(String type) {
        return Map.of("Authorization", "Bearer " + ADMIN_TOKEN, "Content-Type", type);
    }

    /** Four digits from the tag, for phone numbers unique to a test run. */
    private static String digits(String tag) {
        return String.format("%04d", Math.floorMod(tag.hashCode(), 10_000));
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
