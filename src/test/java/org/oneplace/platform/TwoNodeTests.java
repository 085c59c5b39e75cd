package org.oneplace.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oneplace.Api;
import org.oneplace.Channels;
import org.oneplace.Node;
import org.oneplace.SegmentCalls;

/**
 * Scaling out, proven: one PostgreSQL and two Oneplace nodes, each a JVM of its own on a loopback port, driven
 * through both. A web-chat message taken in by node A shows in a live inbox stream open on node B; an import started
 * on B runs once; consent changes made on both nodes reach a webhook receiver once each while both nodes run the
 * delivery job; then node A is killed ({@code kill -9}) in the middle and node B delivers everything left (at least
 * once: a delivery A had sent but not yet recorded may come again, with the same {@code webhook-id}).
 */
class TwoNodeTests {

    private static final String TOKEN = "op_two_nodes_test_token_0123456789";
    private static final String WRITE_KEY = "wk_two_nodes_test";

    @Test
    void twoNodesServeOneBusinessAndNothingIsLostOrDoneTwice(@TempDir Path dir) throws Exception {
        Map<String, Integer> received = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.createContext("/hooks", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.merge(exchange.getRequestHeaders().getFirst("webhook-id"), 1, Integer::sum);
            sleep(30);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try (EmbeddedPostgres database = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("postgres"))
                .setCleanDataDirectory(true)
                .start()) {
            String jdbc = database.getJdbcUrl("postgres", "postgres");
            Node a = node(jdbc, dir, "a");
            Api apiA = a.ready(); // A migrates the schema; B starts against it
            try (Node b = node(jdbc, dir, "b")) {
                Api apiB = b.ready();

                // an inbound message on A shows in a live inbox on B
                List<String> seenOnB = new CopyOnWriteArrayList<>();
                HttpClient streamClient = HttpClient.newHttpClient();
                Thread stream = Thread.ofVirtual().start(() -> readStream(streamClient, b.base(), seenOnB));
                await().atMost(Duration.ofSeconds(10)).until(() -> seenOnB.contains("open"));
                Channels chat = new Channels(apiA, TOKEN);
                Channels.Account webchat = chat.webchat("https://shop.example");
                String session = chat.chatSession(webchat, Map.of("name", "Nia"));
                assertThat(chat.chat(session, "Is the blue one back in stock?").status())
                        .isBetween(200, 202);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> seenOnB.stream().anyMatch(line -> line.startsWith("data:")));
                streamClient.shutdownNow(); // closes the stream, so B can stop without waiting for it
                stream.interrupt();

                // an import started on B runs once: every row counted once though both nodes run the imports job
                StringBuilder csv = new StringBuilder("userId,email\n");
                for (int i = 0; i < 3_000; i++) {
                    csv.append("two-").append(i).append(",two-").append(i).append("@example.com\n");
                }
                Api.Answer started = apiB.send(
                        "POST",
                        "/api/v1/imports?kind=customers",
                        Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "text/csv"),
                        csv.toString());
                assertThat(started.status()).as(started.toString()).isEqualTo(202);
                String importId = started.json().path("id").asString();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> apiA.get("/api/v1/imports/" + importId, TOKEN)
                                .json()
                                .path("status")
                                .asString()
                                .equals("completed"));
                var done = apiA.get("/api/v1/imports/" + importId, TOKEN).json();
                assertThat(done.path("rowsRead").asLong()).isEqualTo(3_000);
                assertThat(done.path("customersCreated").asLong()).isEqualTo(3_000);

                // consent changes on both nodes, each one webhook delivered once while both run
                int port = receiver.getAddress().getPort();
                Api.Answer endpoint = apiB.post(
                        "/api/v1/webhook-endpoints",
                        TOKEN,
                        Map.of("url", "http://127.0.0.1:" + port + "/hooks", "events", List.of("consent.changed")));
                assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
                String user = "two-nodes-" + UUID.randomUUID();
                assertThat(apiA.segment(
                                        "/v1/batch",
                                        WRITE_KEY,
                                        Map.of(
                                                "batch",
                                                List.of(SegmentCalls.identify(
                                                        user, user + "-device", Instant.now(), Map.of()))))
                                .status())
                        .isEqualTo(200);
                String customer = new Channels(apiA, TOKEN).awaitCustomer("user_id", user);
                int changes = 40;
                for (int i = 0; i < changes / 2; i++) {
                    flip(i % 2 == 0 ? apiA : apiB, customer, i);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= changes / 2);
                assertThat(received).hasSize(changes / 2);
                Thread.sleep(1_000); // a second delivery of any of them would come now
                assertThat(received.values()).as("no webhook sent twice").allMatch(n -> n == 1);

                // node A dies in the middle of the next ones; B delivers everything
                boolean killed = false;
                for (int i = changes / 2; i < changes; i++) {
                    flip(i % 2 == 0 && !killed ? apiA : apiB, customer, i);
                    if (i == changes * 3 / 4) {
                        a.kill();
                        killed = true;
                    }
                }
                await().atMost(Duration.ofSeconds(180)).until(() -> received.size() >= changes);
                assertThat(received).hasSize(changes);
                Map<String, Integer> twice = new HashMap<>(received);
                twice.values().removeIf(n -> n == 1);
                assertThat(twice.size())
                        .as("sent again after the kill: %s", twice)
                        .isLessThanOrEqualTo(changes / 4);
            } finally {
                a.kill();
            }
        } finally {
            receiver.stop(0);
        }
    }

    /** A consent change made through one node: granted and revoked in turn, so each one changes where they stand. */
    private static void flip(Api api, String customer, int i) {
        Api.Answer set = api.put(
                "/api/v1/customers/" + customer + "/consents",
                TOKEN,
                Map.of(
                        "channel", "email",
                        "purpose", "marketing",
                        "status", i % 2 == 0 ? "granted" : "revoked",
                        "source", "two-nodes-test"));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
    }

    private static Node node(String jdbc, Path dir, String name) throws Exception {
        return Node.start(
                jdbc,
                dir.resolve(name),
                "two-nodes-" + name,
                TOKEN,
                List.of(
                        "--oneplace.staff.bootstrap.write-key=" + WRITE_KEY,
                        "--db-scheduler.polling-interval=500ms",
                        // a killed node's jobs are taken over after 4 missed heartbeats (production: 4 × 5 s)
                        "--db-scheduler.heartbeat-interval=1s",
                        // an event whose listener was running on the killed node is taken up again soon (production:
                        // minutes), by the upkeep job on the node that is left
                        "--spring.modulith.events.staleness.check-interval=1s",
                        "--spring.modulith.events.staleness.published=10s",
                        "--spring.modulith.events.staleness.processing=10s",
                        "--oneplace.platform.events.upkeep-interval=1s",
                        "--oneplace.platform.events.initial-backoff=500ms",
                        "--oneplace.webhooks.run-interval=300ms",
                        // a delivery the killed node had claimed is handed back after timeout + connect timeout + 60 s
                        "--oneplace.webhooks.timeout=2s",
                        "--oneplace.webhooks.connect-timeout=1s",
                        "--oneplace.webhooks.retry-schedule=1s,1s,2s",
                        "--oneplace.platform.rate-limits.enabled=false",
                        "--oneplace.platform.web.stream-heartbeat=1s",
                        // the webhook receiver listens on this machine
                        "--oneplace.outbound.allow=localhost,127.0.0.1"));
    }

    /** Reads the live conversation stream of a node, noting every event, until interrupted. */
    private static void readStream(HttpClient client, String base, List<String> seen) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/conversations/events"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Accept", "text/event-stream")
                .build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            seen.add("open");
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while (!Thread.currentThread().isInterrupted() && (line = lines.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        seen.add(line);
                    }
                }
            }
        } catch (Exception e) {
            // interrupted, or the node stopped
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
