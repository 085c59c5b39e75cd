package org.oneplace.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.oneplace.Api;
import org.oneplace.Api.Answer;
import org.oneplace.Channels;
import org.oneplace.Commerce;
import org.oneplace.OneplaceIntegrationTest;
import org.oneplace.SegmentCalls;
import tools.jackson.databind.JsonNode;

/**
 * Outbound webhooks end to end, through the public API and a receiver of the test's own that checks every signature
 * with the Standard Webhooks algorithm written here independently: orders and a merge arrive signed; the receiver is
 * killed mid-run and everything sent meanwhile arrives once it is back — each customer's in order, nothing twice
 * except as at-least-once allows (the same webhook-id); the delivery log shows the failed attempts; a replay sends a
 * delivery again with the same id; bad endpoints are refused.
 */
class WebhookDeliveryTests extends OneplaceIntegrationTest {

    /** What the receiver got: the headers that matter and the body. */
    record Received(String id, long timestamp, String signatures, String body, JsonNode json) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger answer = new AtomicInteger(204);
    private HttpServer receiver;

    private final List<String> endpoints = new ArrayList<>();

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.stop(0);
        }
        // the tests after this one place orders too: nothing should be sent to a receiver that is gone
        endpoints.forEach(id -> api.delete("/api/v1/webhook-endpoints/" + id, ADMIN_TOKEN));
    }

    @Test
    void deliveriesArriveSignedInOrderAndSurviveTheReceiverGoingAway() throws Exception {
        int port = start(0);
        String url = "http://127.0.0.1:" + port + "/hooks";

        Answer created = api.post(
                "/api/v1/webhook-endpoints",
                ADMIN_TOKEN,
                Map.of("url", url, "events", List.of("order.placed", "customer.merged"), "description", "ERP"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String endpoint = created.json().path("id").asString();
        endpoints.add(endpoint);
        String secret = created.json().path("secret").asString();
        assertThat(secret).startsWith("whsec_");
        JsonNode shown =
                api.get("/api/v1/webhook-endpoints/" + endpoint, ADMIN_TOKEN).json();
        assertThat(shown.has("secret")).as("the secret is shown once").isFalse();
        assertThat(shown.path("events").toString()).isEqualTo("[\"order.placed\",\"customer.merged\"]");

        Commerce shop = new Commerce(api, ADMIN_TOKEN);
        String sku = shop.sku("Webhook mug " + UUID.randomUUID(), 900);
        shop.stock(sku, shop.location("Webhook warehouse " + UUID.randomUUID(), 52.5, 13.4, false), 100);
        String ada = customer("ada", true);
        String bob = customer("bob", false); // a visitor without a login: the merge below is allowed

        // one order: it arrives, signed
        String first = order(shop, ada, sku);
        await().atMost(Duration.ofSeconds(20)).until(() -> ofOrder(first).size() == 1);
        Received one = ofOrder(first).getFirst();
        assertThat(one.json().path("type").asString()).isEqualTo("order.placed");
        assertThat(one.json().path("data").path("customerId").asString()).isEqualTo(ada);
        assertThat(one.json().path("data").path("total").path("amount").asLong())
                .isEqualTo(900);
        assertThat(one.id()).startsWith("msg_");
        assertThat(verified(secret, one)).as("signature %s", one.signatures()).isTrue();
        assertThat(Math.abs(one.timestamp() - Instant.now().getEpochSecond())).isLessThan(60);

        // the receiver goes away; Ada orders twice, Bob once
        receiver.stop(0);
        receiver = null;
        List<String> adasOrders = new ArrayList<>(List.of(order(shop, ada, sku), order(shop, ada, sku)));
        String bobs = order(shop, bob, sku);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode pending = api.get(
                            "/api/v1/webhook-endpoints/" + endpoint + "/deliveries?status=pending", ADMIN_TOKEN)
                    .json()
                    .path("items");
            // Ada's later order waits for her earlier one; the earlier ones are being retried
            boolean retried = false;
            for (JsonNode d : pending) {
                retried |= d.path("attempts").asInt() > 0
                        && d.path("lastError").asString().contains("could not connect");
            }
            assertThat(retried).as("%s", pending).isTrue();
        });

        // back on the same port: everything arrives, Ada's in the order she placed them
        start(port);
        await().atMost(Duration.ofSeconds(40))
                .until(() -> ofOrder(adasOrders.get(0)).size() >= 1
                        && ofOrder(adasOrders.get(1)).size() >= 1
                        && ofOrder(bobs).size() >= 1);
        List<String> adaArrivals = received.stream()
                .filter(r -> r.json().path("data").path("customerId").asString().equals(ada))
                .map(r -> r.json().path("data").path("orderId").asString())
                .distinct()
                .toList();
        assertThat(adaArrivals).containsExactly(first, adasOrders.get(0), adasOrders.get(1));
        for (Received r : received) {
            assertThat(verified(secret, r)).isTrue();
        }
        // at least once: a message seen twice carries the same webhook-id and body
        received.stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        r -> r.json().path("data").path("orderId").asString()))
                .forEach((order, copies) ->
                        assertThat(copies.stream().map(Received::id).distinct()).hasSize(1));

        // a receiver answering 503 is retried until it answers 2xx
        answer.set(503);
        String refused = order(shop, ada, sku);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode pending = api.get(
                            "/api/v1/webhook-endpoints/" + endpoint + "/deliveries?status=pending", ADMIN_TOKEN)
                    .json()
                    .path("items");
            assertThat(pending).isNotEmpty();
            assertThat(pending.get(0).path("lastStatus").asInt()).isEqualTo(503);
        });
        answer.set(204);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> ofOrder(refused).size() >= 2); // the 503 one and the one that got through

        // after a rotation both secrets sign for a while: receivers switch without missing a delivery
        Answer rotated = api.post("/api/v1/webhook-endpoints/" + endpoint + "/rotate-secret", ADMIN_TOKEN, Map.of());
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String newSecret = rotated.json().path("secret").asString();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(secret);
        String afterRotation = order(shop, bob, sku);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !ofOrder(afterRotation).isEmpty());
        Received both = ofOrder(afterRotation).getFirst();
        assertThat(both.signatures().split(" ")).hasSize(2);
        assertThat(verified(secret, both)).isTrue();
        assertThat(verified(newSecret, both)).isTrue();
        assertThat(api.get("/api/v1/audit?objectType=webhook_endpoint&objectId=" + endpoint, ADMIN_TOKEN)
                        .raw()
                        .body())
                .as("the audit log never holds a secret")
                .doesNotContain(secret.substring(6))
                .doesNotContain(newSecret.substring(6));

        // a merge reaches the endpoint too
        Answer merged = api.post(
                "/api/v1/customers/merges",
                ADMIN_TOKEN,
                Map.of("survivorId", ada, "mergedId", bob, "reason", "same person, two accounts"));
        assertThat(merged.status()).as(merged.toString()).isIn(200, 201);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> received.stream()
                        .anyMatch(r -> r.json().path("type").asString().equals("customer.merged")
                                && r.json()
                                        .path("data")
                                        .path("mergedId")
                                        .asString()
                                        .equals(bob)));

        // the log shows the failed attempts of a delivery that got through in the end; a replay sends it again
        JsonNode delivered = api.get(
                        "/api/v1/webhook-endpoints/" + endpoint + "/deliveries?status=delivered&limit=200", ADMIN_TOKEN)
                .json()
                .path("items");
        JsonNode retried = null;
        for (JsonNode d : delivered) {
            if (d.path("attempts").asInt() > 1) {
                retried = d;
            }
        }
        assertThat(retried)
                .as("a delivery retried after the receiver came back: %s", delivered)
                .isNotNull();
        JsonNode attempts = api.get(
                        "/api/v1/webhook-endpoints/" + endpoint + "/deliveries/"
                                + retried.path("id").asString() + "/attempts",
                        ADMIN_TOKEN)
                .json()
                .path("items");
        assertThat(attempts.get(0).path("status").isNull()).isTrue();
        assertThat(attempts.get(attempts.size() - 1).path("status").asInt()).isEqualTo(204);
        String messageId = retried.path("messageId").asString();
        long before = received.stream().filter(r -> r.id().equals(messageId)).count();
        Answer replay = api.post(
                "/api/v1/webhook-endpoints/" + endpoint + "/deliveries/"
                        + retried.path("id").asString() + "/replay",
                ADMIN_TOKEN,
                Map.of());
        assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        received.stream().filter(r -> r.id().equals(messageId)).count() > before);
    }

    @Test
    void badEndpointsAreRefusedWithTheFieldAtFault() {
        Answer metadata = api.post(
                "/api/v1/webhook-endpoints",
                ADMIN_TOKEN,
                Map.of("url", "http://169.254.169.254/latest/meta-data", "events", List.of("order.placed")));
        Api.assertProblem(metadata, 400, "169.254.169.254");
        assertThat(metadata.json().path("field").asString()).isEqualTo("url");
        Answer unknown = api.post(
                "/api/v1/webhook-endpoints",
                ADMIN_TOKEN,
                Map.of("url", "http://127.0.0.1:9/hooks", "events", List.of("order.shipped.maybe")));
        Api.assertProblem(unknown, 400, "order.shipped.maybe");
        assertThat(unknown.json().path("field").asString()).isEqualTo("events");
        Answer anonymous = api.post(
                "/api/v1/webhook-endpoints",
                null,
                Map.of("url", "http://127.0.0.1:9/hooks", "events", List.of("order.placed")));
        assertThat(anonymous.status()).isEqualTo(401);
        String agent = new Commerce(api, ADMIN_TOKEN).staffToken("AGENT");
        assertThat(api.get("/api/v1/webhook-endpoints", agent).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/webhook-endpoints/" + UUID.randomUUID(), ADMIN_TOKEN)
                        .status())
                .isEqualTo(404);
    }

    /** The Standard Webhooks check, written here on its own: one of the v1 signatures is HMAC-SHA256(id.ts.body). */
    private static boolean verified(String secret, Received r) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = Base64.getEncoder()
                .encodeToString(
                        mac.doFinal((r.id() + "." + r.timestamp() + "." + r.body()).getBytes(StandardCharsets.UTF_8)));
        for (String signature : r.signatures().split(" ")) {
            if (signature.equals("v1," + expected)) {
                return true;
            }
        }
        return false;
    }

    private List<Received> ofOrder(String orderId) {
        return received.stream()
                .filter(r -> r.json().path("data").path("orderId").asString().equals(orderId))
                .toList();
    }

    private int start(int port) throws IOException, InterruptedException {
        for (int tries = 0; ; tries++) {
            try {
                receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
                break;
            } catch (BindException e) {
                if (tries > 50) {
                    throw e;
                }
                Thread.sleep(200); // the port the stopped receiver held is being released
            }
        }
        receiver.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(
                    exchange.getRequestHeaders().getFirst("webhook-id"),
                    Long.parseLong(exchange.getRequestHeaders().getFirst("webhook-timestamp")),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    body,
                    Api.JSON.readTree(body)));
            exchange.sendResponseHeaders(answer.get(), -1);
            exchange.close();
        });
        receiver.start();
        return receiver.getAddress().getPort();
    }

    private String customer(String name, boolean signedIn) {
        String user = name + "-" + UUID.randomUUID();
        Map<String, Object> call = signedIn
                ? SegmentCalls.identify(user, user + "-dev", Instant.now(), Map.of())
                : SegmentCalls.page(null, user + "-dev", "web", Instant.now());
        Answer sent = api.segment("/v1/batch", WRITE_KEY, Map.of("batch", List.of(call)));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        return new Channels(api, ADMIN_TOKEN)
                .awaitCustomer(signedIn ? "user_id" : "anonymous_id", signedIn ? user : user + "-dev");
    }

    private String order(Commerce shop, String customer, String sku) {
        return shop.shipped(customer, "web", sku, 1).path("id").asString();
    }
}
