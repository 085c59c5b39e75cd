package org.oneplace.channel.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.InboundHandler;
import org.oneplace.platform.PgListener;
import org.oneplace.platform.Wakeups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A few workers per node take stored requests from the {@link InboundQueue} ({@code FOR UPDATE SKIP LOCKED}, woken
 * by {@code NOTIFY}) and hand them to the {@link InboundHandler}, one transaction per batch; a failed request is
 * retried with backoff and quarantined after eight attempts.
 */
@Component
class InboundWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboundWorkers.class);
    private static final int MAX_ATTEMPTS = 8;
    private static final int BATCH = 20;

    private final InboundQueue queue;
    private final List<InboundHandler> handlers;
    private final TransactionTemplate tx;
    private final DataSource dataSource;
    private final Wakeups wakeups;
    private final int count;
    private final Object signal = new Object();
    private final List<Thread> workers = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private @Nullable PgListener listener;

    InboundWorkers(
            InboundQueue queue,
            List<InboundHandler> handlers,
            TransactionTemplate tx,
            DataSource dataSource,
            Wakeups wakeups,
            // the setting was the conversation module's while it ran these workers; its name still works
            @Value("${oneplace.channel.inbound-workers:${oneplace.conversation.inbound-workers:4}}") int count) {
        this.queue = queue;
        this.handlers = handlers;
        this.tx = tx;
        this.dataSource = dataSource;
        this.wakeups = wakeups;
        this.count = count;
    }

    @Override
    public void start() {
        running = true;
        if (handlers.isEmpty()) {
            log.warn("No module handles inbound messages: stored provider requests wait unprocessed");
            return;
        }
        wakeups.onLocal(InboundQueue.INBOUND, this::wake);
        listener = PgListener.start(dataSource, InboundQueue.INBOUND, payload -> wake());
        for (int i = 0; i < count; i++) {
            int lane = i;
            workers.add(Thread.ofPlatform().daemon().name("inbound-" + i).start(() -> work(lane, count)));
        }
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            listener.close();
        }
        workers.forEach(Thread::interrupt);
        workers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /**
     * One worker: takes the stored requests of its lanes ({@code lane} of {@code lanes}) until none is due, then
     * waits for a NOTIFY (or a second). Each sender's requests are in one lane, so two workers' batches do not hold
     * locks on the same customer and wait for each other (they did: most of the workers' time went to waiting on the
     * per-customer lock another batch held until its commit).
     */
    private void work(int lane, int lanes) {
        while (running) {
            try {
                if (!takeBatch(lane, lanes)) {
                    synchronized (signal) {
                        signal.wait(1_000);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // e.g. the database is down: wait a little instead of spinning
                log.warn("The inbound worker failed: {}", e.toString());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /**
     * Claims up to {@link #BATCH} due requests and processes them in one transaction (one commit for many messages);
     * when that fails, each is tried alone so that one bad request cannot hold back the others. False when none was
     * due.
     */
    private boolean takeBatch(int lane, int lanes) {
        List<UUID> claimed = new ArrayList<>();
        try {
            return Boolean.TRUE.equals(tx.execute(status -> {
                claimed.addAll(queue.claim(BATCH, lane, lanes));
                claimed.forEach(this::process);
                return !claimed.isEmpty();
            }));
        } catch (RuntimeException e) {
            if (claimed.isEmpty()) {
                throw e;
            }
            claimed.forEach(this::takeAlone);
            return true;
        }
    }

    private void takeAlone(UUID eventId) {
        try {
            tx.executeWithoutResult(status -> queue.claim(eventId).ifPresent(this::process));
        } catch (RuntimeException e) {
            log.warn("Processing stored request {} failed; it is retried later: {}", eventId, e.toString());
            queue.failed(eventId, e.toString(), MAX_ATTEMPTS);
        }
    }

    private void process(UUID eventId) {
        Optional<InboundQueue.Received> received = queue.read(eventId);
        if (received.isEmpty()) {
            return;
        }
        Set<UUID> about = new java.util.HashSet<>();
        for (InboundHandler handler : handlers) {
            about.addAll(handler.handle(received.get().channel(), received.get().inbound()));
        }
        queue.processed(eventId, about);
    }
}
