package org.oneplace.conversation.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;
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
 * reads the feed and hands each new change to the subscribers. Ids are taken before commit, so a change can commit
 * after a later one: the listener re-reads a window behind the newest id it saw and skips ids it dispatched.
 */
@Component
class Feed implements ConversationFeed, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Feed.class);
    private static final int WINDOW = 500;

    private final FeedRepository feed;
    private final DataSource dataSource;
    private final Wakeups wakeups;
    private final List<Consumer<FeedEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final SequencedSet<Long> recent = new LinkedHashSet<>();
    private final java.util.concurrent.atomic.AtomicBoolean scheduled = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean running;
    private long newest;
    private @Nullable PgListener listener;

    Feed(FeedRepository feed, DataSource dataSource, Wakeups wakeups) {
        this.feed = feed;
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
        return feed.since(afterId, limit);
    }

    @Override
    public long latest() {
        return feed.latest();
    }

    @Override
    public AutoCloseable subscribe(Consumer<FeedEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    @Override
    public void start() {
        newest = feed.latest();
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

    /** Hands every change not dispatched yet to the subscribers, oldest first. */
    private synchronized void dispatch() {
        List<FeedEvent> events;
        do {
            events = feed.since(Math.max(0, newest - WINDOW), WINDOW * 4);
            for (FeedEvent event : events) {
                if (!recent.add(event.id())) {
                    continue;
                }
                if (recent.size() > WINDOW * 8) {
                    recent.removeFirst();
                }
                newest = Math.max(newest, event.id());
                for (Consumer<FeedEvent> subscriber : subscribers) {
                    try {
                        subscriber.accept(event);
                    } catch (RuntimeException e) {
                        log.debug("A feed subscriber failed: {}", e.getMessage());
                    }
                }
            }
        } while (events.size() == WINDOW * 4 && events.getLast().id() > newest - WINDOW);
    }
}
