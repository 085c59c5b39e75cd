package org.oneplace.platform;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * Instants to and from {@code timestamptz} columns. The PostgreSQL driver binds {@link OffsetDateTime} but not
 * {@link Instant}, and {@code java.sql.Timestamp} is a {@code java.util.Date} the code base does not use; every
 * repository goes through these two conversions.
 */
public final class SqlTime {

    private SqlTime() {}

    /** An instant as a parameter for a {@code timestamptz} column; null stays null. */
    public static @Nullable OffsetDateTime utc(@Nullable Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    /** A non-null {@code timestamptz} column as an instant. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    /** A nullable {@code timestamptz} column as an instant. */
    public static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}
