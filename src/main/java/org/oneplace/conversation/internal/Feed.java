package org.oneplace.conversation.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.oneplace.conversation.ConversationAssigned;
import org.oneplace.conversation.ConversationFeed;
import org.oneplace.conversation.ConversationHandedOff;
import org.oneplace.conversation.ConversationOpened;
import org.oneplace.conversation.ConversationResolved;
import org.oneplace.conversation.FeedEvent;
import org.oneplace.conversation.MessageReceived;
import org.oneplace.conversation.ReplySent;
import org.oneplace.platform.GapRepository;
import org.oneplace.platform.PgListener;
import org.oneplace.platform.Wakeups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records every conversation change in the feed inside the changing transaction, and runs this node's listener: one
 * connection doing {@code LISTEN conversation_feed}, which on every notification (and every few seconds anyway)
 * reads the feed and hands each new change to the subscribers, strictly in id order. Ids are taken before commit,
 * so a change can commit after a later one: the listener stops at a missing id until the transaction holding it has
 * committed, or has provably ended without it (no writing transaction older than the gap is left), and never hands
 * out an id above one still to come. So a stream's last id says everything up to it was delivered, and a reconnect
 * with {@code Last-Event-ID} misses nothing (with the old "newest id seen" approach, parallel inbound batches
 * committing out of order lost events for live streams).
 */
@Component
class Feed implements ConversationFeed, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Feed.class);
    private static final int BATCH = 2_000;
    /** Past this a missing id counts as never coming, whatever the database says (a transaction open this long). */
    private static final java.time.Duration GAP_LIMIT = java.time.Duration.ofSeconds(30);

    private final FeedRepository feed;
    private final GapRepository gaps;
    private final DataSource dataSource;
    private final Wakeups wakeups;
    private final List<Consumer<FeedEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean scheduled = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean running;
    /** Every id up to this one was handed out, or is known never to commit. */
    private volatile long delivered;

    private GapRepository.@Nullable Gap gap;
    private @Nullable PgListener listener;

    Feed(FeedRepository feed, GapRepository gaps, DataSource dataSource, Wakeups wakeups) {
        this.feed = feed;
        this.gaps = gaps;
        this.dataSource = dataSource;
        this.wakeups = wakeups;
    }

    @EventListener
    void on(ConversationOpened e) {
        feed.append(e.conversationId(), e.customerId(), "opened", e.occurredAt());
    }

    @EventListener
    void on(MessageReceived e) {
        feed.append(e.conversationId(), e.customerId(), "received", e.occurredAt());
    }

    @EventListener
    void on(ReplySent e) {
        feed.append(e.conversationId(), e.customerId(), "replied", e.occurredAt());
    }

    @EventListener
    void on(ConversationAssigned e) {
        feed.append(e.conversationId(), e.customerId(), "assigned", e.occurredAt());
    }

    @EventListener
    void on(ConversationHandedOff e) {
        feed.append(e.conversationId(), e.customerId(), "handed_off", e.occurredAt());
    }

    @EventListener
    void on(ConversationResolved e) {
        feed.append(e.conversationId(), e.customerId(), "resolved", e.occurredAt());
    }

    @Override
    public List<FeedEvent> since(long afterId, int limit) {
        // never beyond what the live streams have been handed: past that an earlier id may still commit
        return feed.since(afterId, delivered, limit);
    }

    @Override
    public long latest() {
        return delivered;
    }

    @Override
    public AutoCloseable subscribe(Consumer<FeedEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    @Override
    public void start() {
        delivered = feed.latest();
        wakeups.onLocal(FeedRepository.CHANNEL, () -> {
            if (scheduled.compareAndSet(false, true)) {
                Thread.ofVirtual().start(() -> {
                    scheduled.set(false);
                    dispatch();
                });
            }
        });
        listener = PgListener.start(dataSource, FeedRepository.CHANNEL, payload -> dispatch());
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            listener.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before its followers (routing reads by position from here), and stopped after them. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }

    /** Hands every change not dispatched yet to the subscribers, in id order, up to the first id still to come. */
    private synchronized void dispatch() {
        read:
        while (true) {
            List<FeedEvent> events = feed.since(delivered, BATCH);
            for (FeedEvent event : events) {
                if (event.id() != delivered + 1) {
                    if (!gapClosed()) {
                        retrySoon();
                        return;
                    }
                    // its transaction may have committed just before the check: give the ids up only when they are
                    // still missing now
                    if (!feed.since(delivered, event.id() - 1, 1).isEmpty()) {
                        gap = null;
                        continue read;
                    }
                }
                gap = null;
                delivered = event.id();
                for (Consumer<FeedEvent> subscriber : subscribers) {
                    try {
                        subscriber.accept(event);
                    } catch (RuntimeException e) {
                        log.debug("A feed subscriber failed: {}", e.getMessage());
                    }
                }
            }
            if (events.size() < BATCH) {
                return;
            }
        }
    }

    /** Whether the id after {@link #delivered} is known never to commit (its transaction rolled back). */
    private boolean gapClosed() {
        GapRepository.Gap seen = gaps.gap(gap == null ? null : gap.seenAt());
        gap = seen;
        return seen.abandoned()
                || java.time.Duration.between(seen.seenAt(), seen.now()).compareTo(GAP_LIMIT) > 0;
    }

    /** Looks again shortly: the transaction holding the missing id commits (and notifies) or ends. */
    private void retrySoon() {
        if (scheduled.compareAndSet(false, true)) {
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    scheduled.set(false);
                }
                dispatch();
            });
        }
    }
}
