package org.oneplace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Sets up what commerce tests need through the public API — products, locations, stock, orders — each with names
 * unique to the test, so tests never depend on one another's data.
 */
public final class Commerce {

    private final Api api;
    private final String token;

    public Commerce(Api api, String token) {
        this.api = api;
        this.token = token;
    }

    /** A fresh SKU-like suffix. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    /** Creates a product with one variant per (sku, size) pair at one price; answers the product. */
    public JsonNode product(String name, long price, String currency, Map<String, String> sizesBySku) {
        List<Map<String, Object>> variants = sizesBySku.entrySet().stream()
                .map(e -> Map.<String, Object>of(
                        "sku", e.getKey(),
                        "options", Map.of("size", e.getValue()),
                        "price", Map.of("amount", price, "currency", currency)))
                .toList();
        Api.Answer answer = api.post("/api/v1/products", token, Map.of("name", name, "variants", variants));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        return answer.json();
    }

    /** A one-variant product; answers its SKU. */
    public String sku(String name, long price) {
        String sku = unique("SKU");
        product(name, price, "EUR", Map.of(sku, "one size"));
        return sku;
    }

    public String location(String name, double latitude, double longitude, boolean pickup) {
        String code = unique("S");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("name", name);
        body.put("type", "store");
        body.put("latitude", latitude);
        body.put("longitude", longitude);
        body.put("pickup", pickup);
        Api.Answer answer = api.post("/api/v1/locations", token, body);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        return code;
    }

    public JsonNode stock(String sku, String location, int onHand) {
        Api.Answer answer = api.put("/api/v1/inventory/" + sku + "/" + location, token, Map.of("onHand", onHand));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    public JsonNode level(String sku, String location) {
        Api.Answer answer = api.get("/api/v1/inventory/" + sku + "/" + location, token);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    /** POST /api/v1/orders with an Idempotency-Key. */
    public Api.Answer order(String idempotencyKey, Object body) {
        return api.send(
                "POST",
                "/api/v1/orders",
                Map.of(
                        "Authorization",
                        "Bearer " + token,
                        "Content-Type",
                        "application/json",
                        "Idempotency-Key",
                        idempotencyKey),
                body instanceof String raw ? raw : Api.JSON.writeValueAsString(body));
    }

    /** An order of one SKU placed for a customer on a channel and shipped to them; answers it (201 asserted). */
    public JsonNode shipped(String customerId, String channel, String sku, int quantity) {
        Api.Answer answer = order(
                UUID.randomUUID().toString(),
                Map.of(
                        "customerId",
                        customerId,
                        "channel",
                        channel,
                        "fulfilment",
                        fulfilment("ship", null),
                        "lines",
                        List.of(line(sku, quantity))));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        return answer.json();
    }

    /** A new user with one role and a token with some scopes. */
    public record Staff(String id, String token) {}

    /** A token with some scopes for a new user with one role (e.g. ASSOCIATE at the till, AGENT in the inbox). */
    public String staffToken(String role, String... scopes) {
        return staff(role, scopes).token();
    }

    public Staff staff(String role, String... scopes) {
        String email = unique(role).toLowerCase(java.util.Locale.ROOT) + "@staff.example.com";
        Api.Answer user = api.post(
                "/api/v1/users",
                token,
                Map.of("email", email, "displayName", role + " " + email, "roles", List.of(role)));
        assertThat(user.status()).as(user.toString()).isEqualTo(201);
        String owner = user.json().path("user").path("id").asString();
        Api.Answer created = api.post(
                "/api/v1/tokens", token, Map.of("name", role + " token", "scopes", List.of(scopes), "ownerId", owner));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new Staff(owner, created.json().path("secret").asString());
    }

    public static Map<String, Object> line(String sku, int quantity) {
        return Map.of("sku", sku, "quantity", quantity);
    }

    public static Map<String, Object> fulfilment(String type, String location) {
        Map<String, Object> fulfilment = new LinkedHashMap<>();
        fulfilment.put("type", type);
        if (location != null) {
            fulfilment.put("locationCode", location);
        }
        return fulfilment;
    }
}
