package org.oneplace.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The physical denominators (PERFORMANCE.md §2.1): plain JDBC from the load generator's JVM against the same
 * PostgreSQL instance and the same tables (created by the application's Flyway migrations) the product uses.
 */
final class RawBaselines {

    record Rate(double perSecond) {}

    record Latency(double p50Millis, double p99Millis) {}

    private static final String INSERT = """
            INSERT INTO audit_entry (id, occurred_at, actor_type, actor_name, action, object_type, object_id, after)
            VALUES (?, now(), 'system', 'bench', 'bench.insert', 'bench', ?, CAST(? AS jsonb))
            """;

    private final String url;

    RawBaselines(String url) {
        this.url = url;
    }

    /** Single-row autocommit INSERTs from {@code threads} connections: bound by one commit (fsync) per row. */
    Rate singleInsert(int threads, Duration duration) throws Exception {
        LongAdder rows = new LongAdder();
        long deadline = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            workers.add(Thread.ofPlatform().start(() -> {
                try (Connection c = connect(false);
                        PreparedStatement insert = c.prepareStatement(INSERT)) {
                    while (System.nanoTime() < deadline) {
                        bind(insert);
                        insert.executeUpdate();
                        rows.increment();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return new Rate(rows.sum() / ((System.nanoTime() - start) / 1e9));
    }

    /** JDBC batches of {@code batch} rows per commit with {@code reWriteBatchedInserts=true}. */
    Rate batchInsert(int batch, Duration duration) throws SQLException {
        long rows = 0;
        long deadline = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        try (Connection c = connect(true);
                PreparedStatement insert = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < batch; i++) {
                    bind(insert);
                    insert.addBatch();
                }
                insert.executeBatch();
                c.commit();
                rows += batch;
            }
        }
        return new Rate(rows / ((System.nanoTime() - start) / 1e9));
    }

    /** Primary-key reads of one row, one at a time. */
    Latency primaryKeyRead(Duration duration) throws SQLException {
        Histogram histogram = new Histogram(3);
        try (Connection c = connect(false);
                Statement s = c.createStatement();
                ResultSet ids = s.executeQuery("SELECT id FROM audit_entry LIMIT 1000")) {
            List<UUID> keys = new ArrayList<>();
            while (ids.next()) {
                keys.add(ids.getObject(1, UUID.class));
            }
            try (PreparedStatement read = c.prepareStatement("SELECT * FROM audit_entry WHERE id = ?")) {
                long deadline = System.nanoTime() + duration.toNanos();
                int i = 0;
                while (System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    read.setObject(1, keys.get(i++ % keys.size()));
                    try (ResultSet rs = read.executeQuery()) {
                        rs.next();
                    }
                    histogram.recordValue((System.nanoTime() - t0) / 1_000);
                }
            }
        }
        return latency(histogram);
    }

    /** INSERT + {@code pg_notify} committed on one connection until the notification arrives on a listening one. */
    Latency notifyRoundTrip(Duration duration) throws Exception {
        Histogram histogram = new Histogram(3);
        try (Connection listener = connect(false);
                Connection sender = connect(false)) {
            try (Statement s = listener.createStatement()) {
                s.execute("LISTEN bench_round_trip");
            }
            PGConnection pg = listener.unwrap(PGConnection.class);
            try (PreparedStatement insert = sender.prepareStatement(INSERT);
                    PreparedStatement notify = sender.prepareStatement("SELECT pg_notify('bench_round_trip', ?)")) {
                sender.setAutoCommit(false);
                long deadline = System.nanoTime() + duration.toNanos();
                while (System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    bind(insert);
                    insert.executeUpdate();
                    notify.setString(1, "x");
                    notify.execute();
                    sender.commit();
                    PGNotification[] received = pg.getNotifications(5_000);
                    if (received == null || received.length == 0) {
                        throw new IllegalStateException("no notification within 5 s");
                    }
                    histogram.recordValue((System.nanoTime() - t0) / 1_000);
                }
            }
        }
        return latency(histogram);
    }

    private Connection connect(boolean rewriteBatches) throws SQLException {
        return DriverManager.getConnection(url + (rewriteBatches ? "&reWriteBatchedInserts=true" : ""));
    }

    private static void bind(PreparedStatement insert) throws SQLException {
        UUID id = UUID.randomUUID();
        insert.setObject(1, id);
        insert.setString(2, id.toString());
        insert.setString(3, "{\"event\":\"bench\",\"properties\":{\"sku\":\"TRAIL-JACKET-M\",\"price\":12900}}");
    }

    private static Latency latency(Histogram histogram) {
        return new Latency(histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0);
    }
}
