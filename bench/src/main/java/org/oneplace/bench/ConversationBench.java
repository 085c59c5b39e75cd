package org.oneplace.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * R6 (issue 4, PERFORMANCE.md): signed WhatsApp webhooks threaded into conversations (R6a) against single-row
 * autocommit inserts, the live feed's fan-out to 50 agent streams (R6b) against the raw INSERT + pg_notify → LISTEN
 * round trip, the Last-Event-ID reconnect gate (R6c), and the first page of open conversations among 100k (the
 * API's list) against its raw query.
 */
final class ConversationBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String jdbc;
    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private String accountId;
    private String phoneNumberId;
    private String appSecret;

    ConversationBench(String jdbc, String base, String token) {
        this.jdbc = jdbc;
        this.base = base;
        this.token = token;
    }

    /** Connects a WhatsApp account whose app secret the bench knows, so it can sign like Meta. */
    void connect() throws Exception {
        phoneNumberId = Long.toString(100_000_000_000L + (long) (Math.random() * 1e11));
        appSecret = UUID.randomUUID().toString();
        String body = JSON.writeValueAsString(Map.of(
                "type",
                "whatsapp",
                "name",
                "bench " + UUID.randomUUID(),
                "settings",
                Map.of(
                        "phoneNumberId", phoneNumberId,
                        "accessToken", "EAAbench",
                        "appSecret", appSecret,
                        "verifyToken", "bench",
                        "apiBaseUrl", "http://127.0.0.1:9/none")));
        HttpResponse<String> created = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/channels"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("channel: " + created.body());
        }
        accountId = JSON.readTree(created.body()).path("id").asString();
    }

    private HttpRequest webhook(String waId, String wamid, String text) {
        String body =
                """
                {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{\
                "messaging_product":"whatsapp","metadata":{"display_phone_number":"1","phone_number_id":"%s"},\
                "contacts":[{"profile":{"name":"Bench"},"wa_id":"%s"}],\
                "messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"%s"}}]}}]}]}""".formatted(phoneNumberId, waId, waId, wamid, Instant.now().getEpochSecond(), text);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create(base + "/webhooks/whatsapp/" + accountId))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", "sha256=" + hmac(appSecret, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
    }

    private static String waId(long n) {
        return "49151" + String.format("%08d", n % 100_000_000);
    }

    // ---- R6a ------------------------------------------------------------------------------------------------

    /** 32 clients post signed webhooks for a while; answers accepted/s and the rate at which they were threaded. */
    Map<String, Object> inbound(Duration duration, RawBaselines raw) throws Exception {
        AtomicLong sequence = new AtomicLong(ThreadLocalRandomHolder.start());
        LongAdder ok = new LongAdder();
        LongAdder errors = new LongAdder();
        long before = messages();
        Instant start = Instant.now();
        Instant end = start.plus(duration);
        CommerceBench.runClients(32, () -> {
            while (Instant.now().isBefore(end)) {
                long n = sequence.incrementAndGet();
                // a thousand customers writing repeatedly: new and existing conversations both
                HttpResponse<Void> response = http.send(
                        webhook(waId(n % 1000), "wamid.bench." + UUID.randomUUID(), "message " + n),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    ok.increment();
                } else {
                    errors.increment();
                }
            }
        });
        double accepted =
                ok.sum() * 1000.0 / Duration.between(start, Instant.now()).toMillis();
        // threaded: every accepted message is in a conversation
        Instant deadline = Instant.now().plusSeconds(300);
        while (messages() - before < ok.sum() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        long threaded = messages() - before;
        double threadedRate =
                threaded / (double) Duration.between(start, Instant.now()).toMillis() * 1000.0;
        RawBaselines.Rate baseline = raw.singleInsert(32, duration);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("acceptedPerSecond32Clients", accepted);
        result.put("threadedPerSecond", threadedRate);
        result.put("accepted", ok.sum());
        result.put("errors", errors.sum());
        result.put("threaded", threaded);
        result.put("rawSingleInsertsPerSecond32Conns", baseline.perSecond());
        result.put("R6a", threadedRate / baseline.perSecond());
        result.put("passed", threaded == ok.sum() && errors.sum() == 0);
        return result;
    }

    // ---- R6b / R6c ------------------------------------------------------------------------------------------

    /** One open event stream: what arrived, when. */
    private final class Stream implements AutoCloseable {
        final List<long[]> events = new CopyOnWriteArrayList<>(); // {feed id, nanoTime}
        final Map<Long, String> conversations = new ConcurrentHashMap<>();
        final Map<Long, String> kinds = new ConcurrentHashMap<>();
        private final InputStream body;
        private final Thread reader;

        Stream(String lastEventId) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/conversations/events"))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("stream answered " + response.statusCode());
            }
            body = response.body();
            reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    long id = -1;
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.startsWith("id:")) {
                            id = Long.parseLong(line.substring(3).strip());
                        } else if (line.startsWith("data:")) {
                            long now = System.nanoTime();
                            JsonNode data = JSON.readTree(line.substring(5).strip());
                            conversations.put(id, data.path("conversationId").asString());
                            kinds.put(id, data.path("kind").asString());
                            events.add(new long[] {id, now});
                        }
                    }
                } catch (Exception closed) {
                    // the stream ended
                }
            });
        }

        long lastId() {
            return events.stream().mapToLong(e -> e[0]).max().orElse(0);
        }

        @Override
        public void close() throws Exception {
            body.close();
            reader.interrupt();
        }
    }

    /** 50 agent streams; messages from new customers at {@code rate}/s; latency webhook sent → event at each stream. */
    Map<String, Object> fanOut(int rate, Duration duration, RawBaselines raw) throws Exception {
        List<Stream> streams = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            streams.add(new Stream(null));
        }
        Thread.sleep(500);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        long intervalNanos = 1_000_000_000L / rate;
        long started = System.nanoTime();
        long count = duration.toSeconds() * rate;
        List<Thread> senders = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            long due = started + i * intervalNanos;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            String wamid = "wamid.fan." + UUID.randomUUID();
            String wa = waId(5_000_000 + i + (long) (Math.random() * 1e6));
            senders.add(Thread.ofVirtual().start(() -> {
                try {
                    long t0 = System.nanoTime();
                    HttpResponse<Void> response =
                            http.send(webhook(wa, wamid, "fan-out"), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        sentAt.put(wamid, t0);
                    }
                } catch (Exception e) {
                    // counted as missing below
                }
            }));
        }
        for (Thread t : senders) {
            t.join();
        }
        // every stream must see every message: wait for the last deliveries (up to a minute) rather than stop the
        // clock early, which would leave the slowest deliveries out of the percentiles
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)
                && streams.stream()
                        .anyMatch(s -> s.kinds.values().stream()
                                        .filter("received"::equals)
                                        .count()
                                < sentAt.size())) {
            Thread.sleep(100);
        }
        for (Stream s : streams) {
            s.close();
        }
        // which conversation each message opened (bench bookkeeping, not measured)
        Map<String, String> wamidByConversation = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(jdbc);
                PreparedStatement q = c.prepareStatement(
                        "select conversation_id::text, external_id from message where external_id = any(?)")) {
            q.setArray(1, c.createArrayOf("text", sentAt.keySet().toArray()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    wamidByConversation.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        Histogram latency = new Histogram(3);
        long delivered = 0;
        for (Stream s : streams) {
            for (long[] e : s.events) {
                if (!"received".equals(s.kinds.get(e[0]))) {
                    continue;
                }
                String wamid = wamidByConversation.get(s.conversations.get(e[0]));
                Long t0 = wamid == null ? null : sentAt.get(wamid);
                if (t0 != null) {
                    latency.recordValue(Math.max(1, (e[1] - t0) / 1_000));
                    delivered++;
                }
            }
        }
        RawBaselines.Latency notify = raw.notifyRoundTrip(Duration.ofSeconds(5));
        double p99 = latency.getValueAtPercentile(99) / 1000.0;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("streams", 50);
        result.put("messagesPerSecond", rate);
        result.put("messagesSent", sentAt.size());
        result.put("deliveriesExpected", sentAt.size() * 50L);
        result.put("deliveriesMeasured", delivered);
        result.put("deliveriesMissingAfter60s", sentAt.size() * 50L - delivered);
        result.put("p50Ms", latency.getValueAtPercentile(50) / 1000.0);
        result.put("p99Ms", p99);
        result.put("rawNotifyRoundTripP99Ms", notify.p99Millis());
        result.put("R6b", p99 / notify.p99Millis());
        return result;
    }

    /** A stream drops while 100 messages arrive, reconnects with Last-Event-ID: exactly those 100, in order, once. */
    Map<String, Object> reconnect() throws Exception {
        long dropped;
        try (Stream first = new Stream(null)) {
            HttpResponse<Void> warm = http.send(
                    webhook(waId(9_000_000), "wamid.rc." + UUID.randomUUID(), "before"),
                    HttpResponse.BodyHandlers.discarding());
            Instant until = Instant.now().plusSeconds(10);
            while (first.events.isEmpty() && Instant.now().isBefore(until)) {
                Thread.sleep(50);
            }
            Thread.sleep(500);
            dropped = first.lastId();
            if (warm.statusCode() != 200 || dropped == 0) {
                throw new IllegalStateException("the stream saw nothing before dropping");
            }
        }
        List<String> wamids = new ArrayList<>();
        long before = messages();
        for (int i = 0; i < 100; i++) {
            String wamid = "wamid.rc." + UUID.randomUUID();
            wamids.add(wamid);
            http.send(webhook(waId(9_100_000 + i), wamid, "missed " + i), HttpResponse.BodyHandlers.discarding());
        }
        Instant deadline = Instant.now().plusSeconds(60);
        while (messages() - before < 100 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        List<String> conversations = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbc);
                PreparedStatement q =
                        c.prepareStatement("select conversation_id::text from message where external_id = any(?)")) {
            q.setArray(1, c.createArrayOf("text", wamids.toArray()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    conversations.add(rs.getString(1));
                }
            }
        }
        List<Long> ids;
        List<String> received;
        try (Stream again = new Stream(Long.toString(dropped))) {
            Instant until = Instant.now().plusSeconds(20);
            while (Instant.now().isBefore(until)
                    && again.events.stream()
                                    .filter(e -> "received".equals(again.kinds.get(e[0])))
                                    .filter(e -> conversations.contains(again.conversations.get(e[0])))
                                    .count()
                            < 100) {
                Thread.sleep(50);
            }
            Thread.sleep(500);
            ids = again.events.stream().map(e -> e[0]).toList();
            received = again.events.stream()
                    .filter(e -> "received".equals(again.kinds.get(e[0])))
                    .map(e -> again.conversations.get(e[0]))
                    .filter(conversations::contains)
                    .toList();
        }
        boolean inOrder = true;
        for (int i = 1; i < ids.size(); i++) {
            inOrder &= ids.get(i) > ids.get(i - 1);
        }
        boolean allAfter = ids.stream().allMatch(id -> id > dropped);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("missedMessages", 100);
        result.put("replayedReceivedForThem", received.size());
        result.put("distinct", received.stream().distinct().count());
        result.put("eventsAfterReconnect", ids.size());
        result.put("inOrder", inOrder);
        result.put("noneBeforeTheDrop", allAfter);
        result.put(
                "passed",
                conversations.size() == 100
                        && received.size() == 100
                        && received.stream().distinct().count() == 100
                        && inOrder
                        && allAfter);
        return result;
    }

    // ---- the inbox with 100k open conversations --------------------------------------------------------------

    Map<String, Object> inbox(int open, Duration duration) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc);
                Statement s = c.createStatement()) {
            s.execute("""
                    insert into conversation (id, customer_id, status, opened_at, last_message_at, waiting_on,
                        waiting_since)
                    select gen_random_uuid(), gen_random_uuid(), 'open', now() - (g || ' seconds')::interval,
                           now() - (g || ' seconds')::interval, 'agent', now() - (g || ' seconds')::interval
                      from generate_series(1, %d) g
                    """.formatted(open));
            s.execute("analyze conversation");
        }
        HttpRequest page = HttpRequest.newBuilder(URI.create(base + "/api/v1/conversations?status=open&limit=50"))
                .header("Authorization", "Bearer " + token)
                .build();
        Histogram api = new Histogram(3);
        Instant end = Instant.now().plus(duration);
        for (int warm = 0; warm < 200; warm++) {
            http.send(page, HttpResponse.BodyHandlers.discarding());
        }
        while (Instant.now().isBefore(end)) {
            long t0 = System.nanoTime();
            HttpResponse<String> response = http.send(page, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("inbox page answered " + response.statusCode());
            }
            api.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
        }
        Histogram rawLatency = new Histogram(3);
        try (Connection c = DriverManager.getConnection(jdbc);
                PreparedStatement q = c.prepareStatement("""
                        select * from conversation c where c.status = 'open'
                         order by c.last_message_at desc, c.id desc limit 51
                        """)) {
            Instant rawEnd = Instant.now().plus(duration);
            while (Instant.now().isBefore(rawEnd)) {
                long t0 = System.nanoTime();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        rs.getString("id");
                    }
                }
                rawLatency.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("openConversations", open);
        result.put("apiP50Ms", api.getValueAtPercentile(50) / 1000.0);
        result.put("apiP99Ms", api.getValueAtPercentile(99) / 1000.0);
        result.put("rawP50Ms", rawLatency.getValueAtPercentile(50) / 1000.0);
        result.put("rawP99Ms", rawLatency.getValueAtPercentile(99) / 1000.0);
        result.put("ratioP99", api.getValueAtPercentile(99) / (double) rawLatency.getValueAtPercentile(99));
        return result;
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private long messages() throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc);
                ResultSet rs = c.createStatement().executeQuery("select count(*) from message")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String hmac(String key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class ThreadLocalRandomHolder {
        static long start() {
            return System.nanoTime() % 1_000_000;
        }
    }
}
