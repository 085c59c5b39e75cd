package org.oneplace.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection doing {@code LISTEN <channel>} on a daemon thread: how a change committed on any node reaches the
 * live streams of every node. The handler gets each notification's payload, and {@code null} every few seconds
 * without one (a safety poll); a lost connection is re-opened.
 */
public final class PgListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PgListener.class);
    private static final Pattern NAME = Pattern.compile("[a-z_]{1,63}");

    private final Thread thread;
    private volatile boolean running = true;

    private PgListener(DataSource dataSource, String channel, Consumer<String> handler) {
        if (!NAME.matcher(channel).matches()) {
            throw new IllegalArgumentException("Not a channel name: " + channel);
        }
        this.thread = Thread.ofPlatform()
                .daemon()
                .name("listen-" + channel)
                .start(() -> listen(dataSource, channel, handler));
    }

    /** Starts listening; {@code handler} receives payloads, and {@code null} for a quiet poll. */
    public static PgListener start(DataSource dataSource, String channel, Consumer<String> handler) {
        return new PgListener(dataSource, channel, handler);
    }

    private void listen(DataSource dataSource, String channel, Consumer<String> handler) {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + channel);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                handler.accept(null);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(5_000);
                    if (notifications == null || notifications.length == 0) {
                        handler.accept(null);
                    } else {
                        for (PGNotification notification : notifications) {
                            handler.accept(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn(
                            "Listening on {} lost its database connection ({}); reconnecting", channel, e.getMessage());
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
