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
import tools.jackson.databind.JsonNode;

/**
 * Bulk import of customers through the public API: a CSV file with rows that are one person, rows that conflict and
 * rows that are wrong; the job's counts and rejects; importing the same file again changes nothing; JSON Lines; a
 * cancelled import resumes after its last batch without writing anything twice.
 */
class ImportTests extends OneplaceIntegrationTest {

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

        Api.assertProblem(api.send("POST", "/api/v1/imports?kind=orders", headers("text/csv"), "a\n"), 400, "kind");
        Api.assertProblem(
                api.send("POST", "/api/v1/imports?kind=customers", headers("text/plain"), "a\n"), 400, "text/csv");
        Api.assertProblem(api.send("POST", "/api/v1/imports?kind=customers", headers("text/csv"), ""), 400, "empty");
        Api.assertProblem(api.get("/api/v1/imports/" + UUID.randomUUID(), ADMIN_TOKEN), 404, "no import");
        JsonNode header = importAndWait("customers", "text/csv", null, "email,shoe size\nx@example.com,42\n");
        assertThat(header.path("status").asString()).isEqualTo("failed");
        assertThat(header.path("error").asString()).contains("shoe size");
        String agent = new Commerce(api, ADMIN_TOKEN).staffToken("AGENT");
        Map<String, String> asAgent = Map.of("Authorization", "Bearer " + agent, "Content-Type", "text/csv");
        assertThat(api.send("POST", "/api/v1/imports?kind=customers", asAgent, "email\na@example.com\n")
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/imports", agent).status()).isEqualTo(403);
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
