package org.oneplace.platform;

import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * "Something new was committed on this channel": wakes this node's waiting workers and streams at once, and the
 * other nodes' through one PostgreSQL {@code NOTIFY} per channel every few milliseconds at most, sent after the
 * commit on its own. A {@code NOTIFY} inside every writing transaction would serialise their commits (PostgreSQL
 * holds one lock from a notifying commit's start to its end, through the WAL flush).
 */
@Component
public class Wakeups {

    private static final Logger log = LoggerFactory.getLogger(Wakeups.class);
    private static final long DEBOUNCE_MILLIS = 5;

    private final JdbcTemplate jdbc;
    private final Map<String, List<Runnable>> local = new ConcurrentHashMap<>();
    private final Map<String, AtomicBoolean> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("wakeups").factory());
    private final DataSource dataSource;
    private final List<PgListener> listeners = new CopyOnWriteArrayList<>();

    Wakeups(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /**
     * Calls {@code wake} whenever something is committed on the channel on any node: at once on this one, and on
     * the others' notification (their own {@code LISTEN} connection). For the few that need no payload and no
     * periodic poll, such as a cache cleared by a change; stopped with the application.
     */
    public void onAnyNode(String channel, Runnable wake) {
        onLocal(channel, wake);
        listeners.add(PgListener.start(dataSource, channel, payload -> {
            if (payload != null) { // null is the listener's quiet poll
                wake.run();
            }
        }));
    }

    @PreDestroy
    void stop() {
        listeners.forEach(PgListener::close);
        listeners.clear();
    }

    /** Calls {@code wake} whenever something is committed on the channel on this node. */
    public void onLocal(String channel, Runnable wake) {
        local.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(wake);
    }

    /** Announces the channel once the current transaction commits (at once when there is none). */
    public void afterCommit(String channel) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    announce(channel);
                }
            });
        } else {
            announce(channel);
        }
    }

    private void announce(String channel) {
        local.getOrDefault(channel, List.of()).forEach(Runnable::run);
        AtomicBoolean flag = pending.computeIfAbsent(channel, c -> new AtomicBoolean());
        if (flag.compareAndSet(false, true)) {
            sender.schedule(
                    () -> {
                        flag.set(false);
                        try {
                            jdbc.queryForList("select pg_notify(?, '')", channel);
                        } catch (RuntimeException e) {
                            log.debug("Could not notify other nodes on {}: {}", channel, e.getMessage());
                        }
                    },
                    DEBOUNCE_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }
}
