package org.oneplace.platform;

import static org.oneplace.platform.SqlTime.instant;
import static org.oneplace.platform.SqlTime.nullableInstant;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * For readers that follow a table by a sequence-drawn position: whether a position missing since {@code seenAt}
 * (the database's clock) can still appear. Positions are drawn before their transaction commits, so a reader sees
 * 7 before 6 when 6's transaction commits later; and a transaction that rolls back leaves its position empty for
 * good. The gap is known to stay empty once no transaction that began before it was seen is still running (those
 * that have not written yet included); autovacuum and other background workers hold no positions and do not count.
 * The conversation feed and marketing's reading of tracked events both ask.
 */
@Repository
public class GapRepository {

    private final JdbcClient jdbc;

    GapRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A gap: when it was first seen, the database's time now, and whether it is known to stay empty. */
    public record Gap(Instant seenAt, Instant now, boolean abandoned) {}

    public Gap gap(@Nullable Instant seenAt) {
        return jdbc.sql("""
                        select clock_timestamp() as now, min(xact_start) as oldest
                          from pg_stat_activity
                         where xact_start is not null and pid <> pg_backend_pid() and datname = current_database()
                           and backend_type = 'client backend'
                        """)
                .query((rs, n) -> {
                    Instant now = instant(rs, "now");
                    Instant oldest = nullableInstant(rs, "oldest");
                    Instant since = seenAt == null ? now : seenAt;
                    return new Gap(since, now, oldest == null || oldest.isAfter(since));
                })
                .single();
    }
}
