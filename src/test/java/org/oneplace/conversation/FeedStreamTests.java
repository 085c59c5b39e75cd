package org.oneplace.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.oneplace.Api;
import org.oneplace.Channels;
import org.oneplace.Channels.Account;
import org.oneplace.OneplaceIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The live feed over Server-Sent Events: a client that drops while changes happen and reconnects with
 * {@code Last-Event-ID} receives exactly what it missed, in order, once (the R6c gate, here at test size), and
 * nothing without a token.
 */
class FeedStreamTests extends OneplaceIntegrationTest {

    private record Event(long id, String conversationId, String kind) {}

    /** Reads events from the stream until {@code until} holds or the time is up. */
    private List<Event> read(@Nullable String lastEventId, java.util.function.Predicate<List<Event>> until)
            throws Exception {
        return read(lastEventId, until, new ArrayList<>());
    }

    /** As above, adding each event to {@code events} as it arrives. */
    private List<Event> read(
            @Nullable String lastEventId, java.util.function.Predicate<List<Event>> until, List<Event> events)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/conversations/events"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<java.io.InputStream> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                long id = -1;
                String line;
                while (Instant.now().isBefore(deadline) && !until.test(events) && (line = lines.readLine()) != null) {
                    if (line.startsWith("id:")) {
                        id = Long.parseLong(line.substring(3).strip());
                    } else if (line.startsWith("data:")) {
                        JsonNode data = Api.JSON.readTree(line.substring(5).strip());
                        events.add(new Event(
                                id,
                                data.path("conversationId").asString(),
                                data.path("kind").asString()));
                    }
                }
            }
        }
        return events;
    }

    @Test
    void aStreamThatReconnectsWithLastEventIdGetsWhatItMissedInOrderOnce() throws Exception {
        Channels channels = new Channels(api, ADMIN_TOKEN);
        Account whatsapp = channels.whatsapp();
        String waId = Channels.mobile().substring(1);
        String customer = channels.customerWrites(whatsapp, waId, "F", "first");
        String conversation =
                channels.conversationsOf(customer).getFirst().path("id").asString();
        // where the client was when it dropped: the replay of everything after id 0 ends with this conversation
        List<Event> before =
                read("0", e -> e.stream().anyMatch(x -> x.conversationId().equals(conversation)));
        long dropped = before.stream()
                .filter(e -> e.conversationId().equals(conversation))
                .mapToLong(Event::id)
                .max()
                .orElseThrow();

        int missed = 30;
        for (int i = 0; i < missed; i++) {
            channels.meta(
                    whatsapp,
                    Channels.whatsappText(
                            whatsapp,
                            waId,
                            "F",
                            "wamid." + UUID.randomUUID(),
                            "message " + i,
                            Instant.now().getEpochSecond()));
        }
        channels.awaitThread(customer, t -> t.size() == 1 + missed);

        List<Event> replay = read(
                Long.toString(dropped),
                e -> e.stream()
                                .filter(x -> x.conversationId().equals(conversation)
                                        && x.kind().equals("received"))
                                .count()
                        >= missed);
        List<Event> ours = replay.stream()
                .filter(x -> x.conversationId().equals(conversation) && x.kind().equals("received"))
                .toList();
        assertThat(ours).hasSize(missed);
        assertThat(replay).allSatisfy(e -> assertThat(e.id()).isGreaterThan(dropped));
        Set<Long> ids = new HashSet<>();
        long previous = dropped;
        for (Event e : replay) {
            assertThat(ids.add(e.id())).as("each event once").isTrue();
            assertThat(e.id()).as("in order").isGreaterThan(previous);
            previous = e.id();
        }
        assertThat(api.get("/api/v1/conversations/events", null).status()).isEqualTo(401);
    }

    @Autowired
    DataSource dataSource;

    /** A feed row written by a transaction of its own, which stays open until the returned connection commits. */
    private long appendInOpenTransaction(Connection connection, UUID conversation) throws Exception {
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into conversation_feed (conversation_id, customer_id, kind, at) values (?, ?, 'received', now())"
                        + " returning id")) {
            insert.setObject(1, conversation);
            insert.setObject(2, UUID.randomUUID());
            try (ResultSet id = insert.executeQuery()) {
                id.next();
                return id.getLong(1);
            }
        }
    }

    /** What the application does after every commit that touched the feed: wake every node's listener. */
    private void announce() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.createStatement().execute("select pg_notify('conversation_feed', '')");
        }
    }

    @Test
    void changesCommittedOutOfIdOrderReachAStreamInIdOrderAndARolledBackIdHoldsNothingUp() throws Exception {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID rolledBack = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        List<Event> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        long before;
        try (Connection connection = dataSource.getConnection();
                ResultSet max = connection
                        .createStatement()
                        .executeQuery("select coalesce(max(id), 0) from conversation_feed")) {
            max.next();
            before = max.getLong(1);
        }
        // from a position before our changes, so that however late the stream connects it misses none of them
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                read(
                        Long.toString(before),
                        e -> e.stream().anyMatch(x -> x.conversationId().equals(after.toString())),
                        seen);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (Connection a = dataSource.getConnection();
                Connection b = dataSource.getConnection();
                Connection c = dataSource.getConnection()) {
            long idA = appendInOpenTransaction(a, first);
            long idB = appendInOpenTransaction(b, second);
            assertThat(idB).isGreaterThan(idA);
            b.commit(); // the later id commits first
            announce();
            Thread.sleep(1_000);
            assertThat(seen.stream().map(Event::conversationId))
                    .as("nothing is handed out past an id still to come")
                    .doesNotContain(second.toString());
            a.commit();
            announce();
            appendInOpenTransaction(c, rolledBack);
            c.rollback(); // its id never commits
        }
        try (Connection d = dataSource.getConnection()) {
            appendInOpenTransaction(d, after);
            d.commit();
            announce();
        }
        reader.join(Duration.ofSeconds(40));
        List<String> order = seen.stream()
                .map(Event::conversationId)
                .filter(id -> List.of(first, second, rolledBack, after).stream()
                        .anyMatch(u -> u.toString().equals(id)))
                .toList();
        assertThat(order).containsExactly(first.toString(), second.toString(), after.toString());
    }

    @Test
    void anIdleStreamGetsKeepAliveComments() throws Exception {
        // the tests send one every second (oneplace.platform.web.stream-heartbeat); the product every 20 s
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/conversations/events"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Accept", "text/event-stream")
                .build();
        List<String> comments = new ArrayList<>();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<java.io.InputStream> response =
                    client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
                String line;
                while (comments.size() < 3 && Instant.now().isBefore(deadline) && (line = lines.readLine()) != null) {
                    if (line.startsWith(":")) {
                        comments.add(line.substring(1).strip());
                    }
                }
            }
        }
        assertThat(comments).containsExactly("connected", "keep-alive", "keep-alive");
    }
}
