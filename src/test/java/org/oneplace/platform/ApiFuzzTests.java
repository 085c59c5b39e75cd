package org.oneplace.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.Api;
import org.oneplace.OneplaceIntegrationTest;
import org.oneplace.staff.Permission;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The hostile-input fuzz test (issue 12): every operation the OpenAPI document ({@code /v3/api-docs}) describes is
 * called with bodies and parameters an attacker or a careless integrator sends — NUL, lone surrogates, a 10 MB
 * string, numbers beyond every range, wrong types, deep nesting, unknown fields, SQL and HTML metacharacters — and
 * must answer each with a 4xx problem document (or a success, where the value is in fact acceptable), never a 5xx,
 * and a refused request must have written nothing: its token's audit trail does not grow (every write is audited in
 * its own transaction).
 *
 * <p>A small generator of its own, seeded ({@code -Dfuzz.seed=…} repeats a run; the seed is in every failure), not
 * jqwik: the cases come from the live API description, and one Spring context serves them all. Bounded: a fixed
 * number of cases per operation, and a time budget after which the remaining operations are skipped (logged, never
 * asserted on).
 */
class ApiFuzzTests extends OneplaceIntegrationTest {

    private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    private static final int CASES_PER_OPERATION = 14;
    private static final Duration BUDGET = Duration.ofMinutes(2);
    /** A 10 MB JSON string, sent once per operation that takes a body. */
    private static final String TEN_MB = '"' + "x".repeat(10 * 1024 * 1024) + '"';

    /** Hostile strings: each is sent as a JSON value (lone surrogates as {@code \ud800} escapes) or a parameter. */
    private static final List<String> STRINGS = List.of(
            "nul\u0000inside",
            "\u0000",
            "lone\ud800surrogate",
            "\udfff",
            "' OR '1'='1'; DROP TABLE customer;--",
            "<script>alert(1)</script>\"><img src=x onerror=alert(2)>",
            "../../../../etc/passwd",
            "${jndi:ldap://127.0.0.1/a}{{7*7}}",
            "%00%ff%",
            "",
            "   ",
            "x".repeat(70_000));

    /** Numbers beyond every range, written as JSON number literals. */
    private static final List<String> NUMBERS = List.of(
            "9223372036854775808",
            "-9223372036854775809",
            "9223372036854775807",
            "-1",
            "0",
            "1e400",
            "-1e400",
            "1.5",
            "2147483648",
            "1e-400");

    /** Values of the wrong type, as JSON literals. */
    private static final List<String> WRONG_TYPES =
            List.of("{}", "[]", "true", "null", "\"not a number\"", "[1,2,3]", "{\"a\":{\"b\":[]}}");

    /** Path and query values, already percent-encoded where the raw form cannot travel in a URL. */
    private static final List<String> PARAMETERS = List.of(
            "%00",
            "a%00b",
            "%ED%A0%80",
            "%C0%80",
            "%27%20OR%201%3D1--",
            "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "-1",
            "99999999999999999999999",
            "1e400",
            "x".repeat(3_000),
            "%25",
            "..%2F..%2Fetc");

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final List<String> failures = new ArrayList<>();
    private Random random = new Random(SEED);
    private String token = "";
    private String tokenId = "";
    private int requests;

    @Test
    void everyOperationAnswersHostileInputWithAProblemNeverA5xxAndWritesNothing() throws Exception {
        JsonNode spec = api.get("/v3/api-docs", null).json();
        createFuzzToken();
        random = new Random(SEED);
        Instant deadline = Instant.now().plus(BUDGET);
        List<String> skipped = new ArrayList<>();
        int operations = 0;
        for (var path : spec.path("paths").properties()) {
            for (var operation : path.getValue().properties()) {
                String method = operation.getKey().toUpperCase(Locale.ROOT);
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)
                        || streams(operation.getValue())) {
                    continue;
                }
                if (Instant.now().isAfter(deadline)) {
                    skipped.add(method + " " + path.getKey());
                    continue;
                }
                operations++;
                fuzz(spec, method, path.getKey(), operation.getValue());
            }
        }
        System.out.printf(
                "ApiFuzzTests: seed %d, %d operations, %d requests, %d skipped for time %s%n",
                SEED, operations, requests, skipped.size(), skipped);
        assertThat(operations).as("operations in /v3/api-docs").isGreaterThan(50);
        assertThat(failures)
                .as("fuzz failures (seed %d, -Dfuzz.seed=%d repeats)", SEED, SEED)
                .isEmpty();
    }

    private void fuzz(JsonNode spec, String method, String template, JsonNode operation) throws Exception {
        List<JsonNode> parameters = new ArrayList<>();
        operation.path("parameters").forEach(parameters::add);
        JsonNode bodySchema = bodySchema(spec, operation);
        Object plausible = bodySchema == null ? null : plausible(spec, bodySchema, 0);

        for (int i = 0; i < CASES_PER_OPERATION; i++) {
            Map<String, String> pathValues = new LinkedHashMap<>();
            Map<String, String> queryValues = new LinkedHashMap<>();
            for (JsonNode parameter : parameters) {
                String name = parameter.path("name").asString();
                String in = parameter.path("in").asString();
                if ("path".equals(in)) {
                    pathValues.put(name, UUID.randomUUID().toString());
                } else if ("query".equals(in) && random.nextBoolean()) {
                    queryValues.put(name, plausibleParameter(parameter));
                }
            }
            String body = plausible == null ? null : Json.write(plausible);
            String what;
            int choice = random.nextInt(bodySchema == null ? 2 : 5);
            if (choice == 0 && !pathValues.isEmpty()) {
                String name = pick(List.copyOf(pathValues.keySet()));
                String value = pick(PARAMETERS);
                pathValues.put(name, value);
                what = "path " + name + "=" + abbreviate(value);
            } else if (choice <= 1 && !parameters.isEmpty()) {
                JsonNode parameter = pick(parameters);
                String name = parameter.path("name").asString();
                String value = pick(PARAMETERS);
                if ("path".equals(parameter.path("in").asString())) {
                    pathValues.put(name, value);
                } else {
                    queryValues.put(name, value);
                }
                what = parameter.path("in").asString() + " " + name + "=" + abbreviate(value);
            } else if (bodySchema != null) {
                Mutation mutation = mutate(plausible, i);
                body = mutation.body();
                what = "body " + mutation.description();
            } else {
                queryValues.put("unknown" + i, pick(PARAMETERS));
                what = "unknown query parameter";
            }
            call(method, template, pathValues, queryValues, body, what);
        }
    }

    private void call(
            String method,
            String template,
            Map<String, String> pathValues,
            Map<String, String> queryValues,
            String body,
            String what)
            throws Exception {
        String path = template;
        for (var value : pathValues.entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        StringBuilder query = new StringBuilder();
        queryValues.forEach((name, value) -> query.append(query.isEmpty() ? "?" : "&")
                .append(name)
                .append('=')
                .append(value));
        URI uri = URI.create("http://localhost:" + port + path + query);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (template.startsWith("/v1/")) {
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8)));
        } else {
            request.header("Authorization", "Bearer " + token);
        }
        long auditBefore = auditCount();
        requests++;
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            failures.add(method + " " + template + " [" + what + "]: no answer within 30 s");
            return;
        } catch (java.io.IOException e) {
            // the server may close a connection on a body it refuses before reading it all; that is an answer
            if (body != null && body.length() > 1_000_000) {
                return;
            }
            failures.add(method + " " + template + " [" + what + "]: " + e);
            return;
        }
        int status = response.statusCode();
        String answer = method + " " + template + " [" + what + "] → " + status + " "
                + abbreviate(response.body().replace('\n', ' '));
        if (status >= 500) {
            failures.add(answer);
        } else if (status >= 400) {
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("application/problem+json") || !response.body().contains("\"status\":" + status)) {
                failures.add("not a problem document: " + answer);
            }
            if (response.body().contains("Exception") || response.body().contains("\tat ")) {
                failures.add("internals in the answer: " + answer);
            }
            if (auditCount() != auditBefore) {
                failures.add("refused but written (audit grew): " + answer);
            }
        }
    }

    // ---- bodies -----------------------------------------------------------------------------------------------

    private record Mutation(String body, String description) {}

    /** One hostile change to a plausible body; a few cases replace the whole body instead. */
    private Mutation mutate(Object plausible, int round) {
        switch (round) {
            case 0 -> {
                return new Mutation("[".repeat(10_000) + "]".repeat(10_000), "10,000 nested arrays");
            }
            case 1 -> {
                return new Mutation("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000), "5,000 nested objects");
            }
            case 2 -> {
                return new Mutation("{\"broken\": \"json", "truncated JSON");
            }
            default -> {
                // fall through to a field-level change
            }
        }
        List<List<Object>> leaves = new ArrayList<>();
        leaves(plausible, new ArrayList<>(), leaves);
        List<Object> at = leaves.isEmpty() ? List.of() : pick(leaves);
        String replacement;
        replacement = switch (round == 3 ? -1 : random.nextInt(4)) {
            case -1 -> TEN_MB;
            case 0, 1 -> Json.string(pick(STRINGS));
            case 2 -> pick(NUMBERS);
            default -> pick(WRONG_TYPES);
        };
        if (round != 3 && random.nextInt(6) == 0 && plausible instanceof Map<?, ?>) {
            Map<String, Object> withUnknown = new LinkedHashMap<>(castMap(plausible));
            withUnknown.put("unknownField" + round, new Json.Raw(replacement));
            return new Mutation(Json.write(withUnknown), "unknown field = " + abbreviate(replacement));
        }
        return new Mutation(
                Json.write(replace(plausible, at, 0, new Json.Raw(replacement))),
                "/" + String.join("/", at.stream().map(String::valueOf).toList()) + " = " + abbreviate(replacement));
    }

    private static void leaves(Object value, List<Object> at, List<List<Object>> into) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            map.forEach((key, child) -> {
                List<Object> next = new ArrayList<>(at);
                next.add(key);
                leaves(child, next, into);
            });
        } else if (value instanceof List<?> list && !list.isEmpty()) {
            List<Object> next = new ArrayList<>(at);
            next.add(0);
            leaves(list.getFirst(), next, into);
        } else {
            into.add(at);
        }
    }

    private static Object replace(Object value, List<Object> at, int depth, Object replacement) {
        if (depth == at.size()) {
            return replacement;
        }
        Object key = at.get(depth);
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>(castMap(map));
            copy.put((String) key, replace(map.get(key), at, depth + 1, replacement));
            return copy;
        }
        List<Object> copy = new ArrayList<>((List<?>) value);
        copy.set(0, replace(copy.getFirst(), at, depth + 1, replacement));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object map) {
        return (Map<String, Object>) map;
    }

    private static JsonNode bodySchema(JsonNode spec, JsonNode operation) {
        JsonNode content = operation.path("requestBody").path("content");
        JsonNode json = content.path("application/json");
        if (json.isMissingNode()) {
            return null;
        }
        return resolve(spec, json.path("schema"));
    }

    private static JsonNode resolve(JsonNode spec, JsonNode schema) {
        JsonNode resolved = schema;
        for (int i = 0; i < 10 && resolved.has("$ref"); i++) {
            String ref = resolved.path("$ref").asString(); // #/components/schemas/Name
            resolved = spec.at(ref.substring(1));
        }
        return resolved;
    }

    /** A body the schema allows, so that a single hostile change is what the server meets. */
    private Object plausible(JsonNode spec, JsonNode schema, int depth) {
        JsonNode s = resolve(spec, schema);
        if (s.has("enum")) {
            return s.path("enum").get(0).asString();
        }
        if (s.has("oneOf") || s.has("anyOf")) {
            return plausible(spec, (s.has("oneOf") ? s.path("oneOf") : s.path("anyOf")).get(0), depth);
        }
        if (s.has("allOf")) {
            return plausible(spec, s.path("allOf").get(0), depth);
        }
        String type = s.path("type").isArray()
                ? s.path("type").get(0).asString()
                : s.path("type").asString("object");
        return switch (type) {
            case "string" -> plausibleString(s.path("format").asString(""));
            case "integer" -> 1;
            case "number" -> 1.5;
            case "boolean" -> true;
            case "array" -> depth > 4 ? List.of() : List.of(plausible(spec, s.path("items"), depth + 1));
            default -> {
                Map<String, Object> object = new LinkedHashMap<>();
                if (depth <= 4) {
                    s.path("properties")
                            .properties()
                            .forEach(p -> object.put(p.getKey(), plausible(spec, p.getValue(), depth + 1)));
                }
                yield object;
            }
        };
    }

    private static String plausibleString(String format) {
        return switch (format) {
            case "uuid" -> UUID.randomUUID().toString();
            case "date-time" -> Instant.now().toString();
            case "date" -> "2026-12-05";
            case "email" -> "fuzz-" + UUID.randomUUID() + "@example.com";
            case "uri", "url" -> "https://example.com/fuzz";
            default -> "fuzz";
        };
    }

    private String plausibleParameter(JsonNode parameter) {
        Object value = plausible(Json.EMPTY, parameter.path("schema"), 3);
        String text = value instanceof Map<?, ?> || value instanceof List<?> ? "fuzz" : String.valueOf(value);
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static boolean streams(JsonNode operation) {
        for (var response : operation.path("responses").properties()) {
            if (response.getValue().path("content").has("text/event-stream")) {
                return true;
            }
        }
        return false;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private void createFuzzToken() {
        String email = "fuzz-" + UUID.randomUUID() + "@staff.example.com";
        Api.Answer user = api.post(
                "/api/v1/users", ADMIN_TOKEN, Map.of("email", email, "displayName", "Fuzz", "roles", List.of("ADMIN")));
        assertThat(user.status()).as(user.toString()).isEqualTo(201);
        Api.Answer created = api.post(
                "/api/v1/tokens",
                ADMIN_TOKEN,
                Map.of(
                        "name",
                        "fuzz",
                        "scopes",
                        Arrays.stream(Permission.values()).map(Permission::code).toList(),
                        "ownerId",
                        user.json().path("user").path("id").asString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        token = created.json().path("secret").asString();
        tokenId = created.json()
                .path("token")
                .path("id")
                .asString(created.json().path("id").asString());
        assertThat(tokenId).isNotBlank();
    }

    private long auditCount() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE actor_id = ?", Long.class, tokenId);
        return count == null ? 0 : count;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String abbreviate(String text) {
        String printable = text.replace("\u0000", "\\u0000");
        return printable.length() <= 160 ? printable : printable.substring(0, 160) + "…(" + text.length() + ")";
    }

    /** JSON written by hand, because a hostile case must reach the wire exactly: lone surrogates as escapes. */
    private static final class Json {
        static final JsonNode EMPTY = Api.JSON.createObjectNode();

        record Raw(String json) {}

        static String write(Object value) {
            StringBuilder out = new StringBuilder();
            write(value, out);
            return out.toString();
        }

        private static void write(Object value, StringBuilder out) {
            switch (value) {
                case null -> out.append("null");
                case Raw raw -> out.append(raw.json());
                case String text -> out.append(string(text));
                case Map<?, ?> map -> {
                    out.append('{');
                    boolean first = true;
                    for (var entry : map.entrySet()) {
                        out.append(first ? "" : ",")
                                .append(string(String.valueOf(entry.getKey())))
                                .append(':');
                        write(entry.getValue(), out);
                        first = false;
                    }
                    out.append('}');
                }
                case List<?> list -> {
                    out.append('[');
                    for (int i = 0; i < list.size(); i++) {
                        out.append(i == 0 ? "" : ",");
                        write(list.get(i), out);
                    }
                    out.append(']');
                }
                default -> out.append(value);
            }
        }

        static String string(String text) {
            StringBuilder out = new StringBuilder(text.length() + 2).append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20 || Character.isSurrogate(c)) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.append('"').toString();
        }
    }
}
