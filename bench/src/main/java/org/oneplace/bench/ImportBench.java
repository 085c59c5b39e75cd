package org.oneplace.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * I1 (issue 16): a CSV file of customers, each with a user id, an e-mail address, a name, a trait and an e-mail
 * marketing consent, imported through {@code POST /api/v1/imports} until the import completes (upload included), ÷
 * {@code COPY} of the same rows (the customer, its two identifiers and its consent, other values) into the same
 * tables, durable. The app's heap is sampled from its metrics while the import runs: its peak must stay flat however
 * large the file.
 */
final class ImportBench {

    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} (\\S+)$");

    private final String jdbc;
    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newHttpClient();

    ImportBench(String jdbc, String base, String token) {
        this.jdbc = jdbc;
        this.base = base;
        this.token = token;
    }

    /** Writes the file: a header and {@code rows} customers. */
    Path file(int rows) throws IOException {
        Path file = Files.createTempFile("oneplace-import-", ".csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("userId,email,name,trait.tier,consent.email.marketing,consentAt\n");
            for (int i = 0; i < rows; i++) {
                out.write("imp-" + i + ",imp-" + i + "@example.com,Customer " + i + ","
                        + (i % 3 == 0 ? "gold" : "silver") + "," + (i % 4 == 0 ? "revoked" : "granted")
                        + ",2024-01-01T00:00:00Z\n");
            }
        }
        return file;
    }

    /** Imports the file and waits until it is done; answers seconds, the import's figures and the peak heap. */
    Map<String, Object> run(Path file) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> started = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/imports?kind=customers&fileName=bench.csv"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofFile(file))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("import refused: " + started.statusCode() + " " + started.body());
        }
        double uploaded = (System.nanoTime() - t0) / 1e9;
        String id = field(started.body(), "id");
        double peakHeap = 0;
        String view;
        while (true) {
            peakHeap = Math.max(peakHeap, heap());
            view = get("/api/v1/imports/" + id);
            String status = field(view, "status");
            if (!status.equals("queued") && !status.equals("running")) {
                break;
            }
            Thread.sleep(250);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!field(view, "status").equals("completed")) {
            throw new IllegalStateException("the import did not complete: " + view);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("seconds", seconds);
        result.put("uploadSeconds", uploaded);
        result.put("rowsWritten", Long.parseLong(number(view, "rowsWritten")));
        result.put("customersCreated", Long.parseLong(number(view, "customersCreated")));
        result.put("consentsRecorded", Long.parseLong(number(view, "consentsRecorded")));
        result.put("peakHeapMb", peakHeap / 1024 / 1024);
        return result;
    }

    /** COPY of the same rows, other values, into the same tables; answers seconds. */
    double rawCopy(int rows) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres")) {
            c.setAutoCommit(false);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long t0 = System.nanoTime();
            String now = Instant.now().toString();
            UUID[] ids = new UUID[rows];
            for (int i = 0; i < rows; i++) {
                ids[i] = new UUID(
                        ThreadLocalRandom.current().nextLong(),
                        ThreadLocalRandom.current().nextLong());
            }
            copy.copyIn(
                    "COPY customer (id, created_at, updated_at, name, traits, trait_times) FROM STDIN (FORMAT csv)",
                    lines(
                            rows,
                            i -> ids[i] + "," + now + "," + now + ",Raw " + i + ",\"{\"\"tier\"\": \"\"gold\"\"}\","
                                    + "\"{\"\"tier\"\": 1704067200000}\"\n"));
            copy.copyIn(
                    "COPY customer_identifier (id, customer_id, type, value, verified, added_at, rule, source,"
                            + " first_customer_id) FROM STDIN (FORMAT csv)",
                    lines(rows * 2, j -> {
                        int i = j / 2;
                        return UUID.randomUUID() + "," + ids[i] + ","
                                + (j % 2 == 0 ? "user_id,raw-" + i : "email,raw-" + i + "@example.com") + ",true," + now
                                + ",created,import," + ids[i] + "\n";
                    }));
            copy.copyIn(
                    "COPY consent_record (id, customer_id, first_customer_id, channel, purpose, status, at, source,"
                            + " evidence, recorded_by, recorded_at) FROM STDIN (FORMAT csv)",
                    lines(
                            rows,
                            i -> UUID.randomUUID() + "," + ids[i] + "," + ids[i]
                                    + ",email,marketing,granted,2024-01-01T00:00:00Z,import,bench.csv line " + i
                                    + ",import,"
                                    + now + "\n"));
            c.commit();
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private static Reader lines(int count, java.util.function.IntFunction<String> line) {
        // generated as read, so the baseline holds no more in memory than the import does
        return new Reader() {
            private int next;
            private String current = "";
            private int offset;

            @Override
            public int read(char[] buffer, int off, int len) {
                if (offset >= current.length()) {
                    if (next >= count) {
                        return -1;
                    }
                    current = line.apply(next++);
                    offset = 0;
                }
                int n = Math.min(len, current.length() - offset);
                current.getChars(offset, offset + n, buffer, off);
                offset += n;
                return n;
            }

            @Override
            public void close() {}
        };
    }

    private double heap() throws Exception {
        double total = 0;
        for (String line : get("/actuator/prometheus").split("\n")) {
            Matcher m = HEAP.matcher(line);
            if (m.matches()) {
                total += Double.parseDouble(m.group(1));
            }
        }
        return total;
    }

    private String get(String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(base + path))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    private static String number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
