package org.oneplace.routing.internal;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.oneplace.conversation.ConversationFeed;
import org.oneplace.conversation.FeedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Routing follows the conversations by position in their feed, after the commits that changed them: a batch of
 * changes in order, applied with the new position in one transaction. So a routing failure never rolls back a
 * customer's message (it did, when routing reacted inside the conversation's transaction), a change is applied
 * exactly once across restarts and nodes (one node holds the position's lock at a time), and the SLA clocks see a
 * conversation's changes in the order they happened — which separate after-commit listeners would not guarantee.
 * A change that fails three times is logged and passed over rather than stopping routing for everyone.
 */
@Component
class RoutingFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RoutingFeed.class);
    private static final int BATCH = 200;
    private static final int MAX_ATTEMPTS = 3;

    private final ConversationFeed feed;
    private final Routing routing;
    private final FeedPositionRepository positions;
    private final TransactionTemplate tx;
    private final TransactionTemplate savepoint;
    private final Object signal = new Object();
    private volatile boolean running;
    private @Nullable Thread worker;
    private @Nullable AutoCloseable subscription;
    private long failingId;
    private int failures;

    RoutingFeed(ConversationFeed feed, Routing routing, FeedPositionRepository positions, TransactionTemplate tx) {
        this.feed = feed;
        this.routing = routing;
        this.positions = positions;
        this.tx = tx;
        this.savepoint = new TransactionTemplate(tx.getTransactionManager());
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    @Override
    public void start() {
        running = true;
        tx.executeWithoutResult(status -> positions.startAt(feed.latest()));
        subscription = feed.subscribe(event -> wake());
        worker = Thread.ofPlatform().daemon().name("routing-feed").start(this::work);
    }

    @Override
    public void stop() {
        running = false;
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                // nothing to release beyond the subscriber list
            }
        }
        if (worker != null) {
            worker.interrupt();
        }
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

    private void work() {
        while (running) {
            try {
                if (!drainBatch()) {
                    synchronized (signal) {
                        signal.wait(1_000);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Routing could not follow the conversations: {}", e.toString());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** Applies the next batch of changes; true when there may be more. */
    private boolean drainBatch() {
        try {
            return Boolean.TRUE.equals(tx.execute(status -> {
                Optional<Long> position = positions.lock();
                if (position.isEmpty()) {
                    return false; // another node follows the feed now
                }
                List<FeedEvent> events = feed.since(position.get(), BATCH);
                if (events.isEmpty()) {
                    return false;
                }
                events.forEach(routing::apply);
                positions.advance(events.getLast().id());
                return events.size() == BATCH;
            }));
        } catch (RuntimeException e) {
            // one change cannot be applied: apply the batch's changes one by one, up to the failing one
            return drainOne();
        }
    }

    private boolean drainOne() {
        return Boolean.TRUE.equals(tx.execute(status -> {
            Optional<Long> position = positions.lock();
            if (position.isEmpty()) {
                return false;
            }
            List<FeedEvent> next = feed.since(position.get(), 1);
            if (next.isEmpty()) {
                return false;
            }
            FeedEvent event = next.getFirst();
            try {
                savepoint.executeWithoutResult(inner -> routing.apply(event));
            } catch (RuntimeException e) {
                failures = failingId == event.id() ? failures + 1 : 1;
                failingId = event.id();
                if (failures < MAX_ATTEMPTS) {
                    throw e;
                }
                log.error(
                        "Routing passed over conversation change {} ({} of {}) after {} failures",
                        event.id(),
                        event.kind(),
                        event.conversationId(),
                        failures,
                        e);
            }
            positions.advance(event.id());
            return true;
        }));
    }
}
