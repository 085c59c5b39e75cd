package org.oneplace.platform;

import java.sql.SQLException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Sorts a failed database call by whose fault it is: the database was lost (the client should retry: 503), or the
 * request's content is something PostgreSQL refuses to store (the client must change it: 400). Anything else is a
 * fault of ours (500).
 */
public final class DatabaseErrors {

    private DatabaseErrors() {}

    /**
     * Whether a failure came from losing the database: a connection refused, closed or terminated (SQLState class
     * 08, or 57P0x when the server shuts down) anywhere in the causes — also when a failed rollback hides it.
     */
    public static boolean connectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if ((state != null && (state.startsWith("08") || state.startsWith("57P")))
                        || "Connection is closed".equals(sql.getMessage())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Why PostgreSQL refused a value the request carried — a data exception (SQLState class 22: a character the
     * encoding cannot hold, a number out of range, text too long) or a program limit (class 54: a value too large
     * to index) — in the server's own words without the values; empty for any other failure.
     */
    public static Optional<String> contentRefused(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            // only what the server refused: the driver reports its own failures to read a result (a bug of ours,
            // such as asking for a type the column cannot convert to) with class 22 too
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("54"))
                    && !(sql instanceof org.postgresql.util.PSQLException driver
                            && driver.getServerErrorMessage() == null)) {
                String message = sql.getMessage() == null ? "" : sql.getMessage();
                int end = message.indexOf('\n');
                return Optional.of(end < 0 ? message : message.substring(0, end));
            }
        }
        return Optional.empty();
    }

    private static @Nullable Throwable next(Throwable t) {
        return t.getCause() == t ? null : t.getCause();
    }
}
