package org.oneplace.conversation;

import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.oneplace.platform.EventStreams;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The conversation feed as Server-Sent Events, for the console's inbox and for API clients: each event's {@code id}
 * is its feed position, so a client that reconnects with {@code Last-Event-ID} receives what it missed, in order,
 * once, and then the live changes.
 */
@Component
public final class FeedStream {

    private final ConversationFeed feed;
    private final EventStreams streams;

    FeedStream(ConversationFeed feed, EventStreams streams) {
        this.feed = feed;
        this.streams = streams;
    }

    /** Where the feed stands now: a page rendered at this position follows the stream from it. */
    public long latest() {
        return feed.latest();
    }

    /** Events waiting for one slow client; past this it is disconnected and resumes with Last-Event-ID. */
    private static final int BACKLOG = 10_000;

    /**
     * A stream of its own per client: the feed only queues each event for it, and the client's own (virtual) thread
     * writes them, so a slow or stalled client delays nobody else, and fifty clients are written to side by side
     * rather than one after another on the feed's thread.
     *
     * @param visible which conversations the client may hear about; events about others are skipped (their ids
     *     are not sent)
     */
    public SseEmitter open(@Nullable String lastEventId, Predicate<UUID> visible) {
        SseEmitter emitter = streams.open();
        long from = parse(lastEventId, feed);
        BlockingQueue<FeedEvent> queue = new LinkedBlockingQueue<>(BACKLOG);
        AutoCloseable subscription = feed.subscribe(event -> {
            if (!queue.offer(event)) {
                emitter.complete(); // far behind: the client reconnects and replays from where it was
            }
        });
        Thread writer = Thread.ofVirtual().name("feed-stream").start(() -> {
            long last = from;
            try {
                // what was missed first (events arriving meanwhile wait in the queue), then the live ones
                for (FeedEvent missed : feed.since(last, BACKLOG)) {
                    if (visible.test(missed.conversationId()) && !send(emitter, missed)) {
                        return;
                    }
                    last = missed.id();
                }
                while (true) {
                    FeedEvent event = queue.take();
                    if (event.id() > last) {
                        if (visible.test(event.conversationId()) && !send(emitter, event)) {
                            return;
                        }
                        last = event.id();
                    }
                }
            } catch (InterruptedException closed) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                emitter.completeWithError(e);
            }
        });
        Runnable close = () -> {
            try {
                subscription.close();
            } catch (Exception ignored) {
                // nothing to release
            }
            writer.interrupt();
        };
        emitter.onCompletion(close);
        emitter.onTimeout(close);
        emitter.onError(e -> close.run());
        return emitter;
    }

    private static long parse(@Nullable String id, ConversationFeed feed) {
        try {
            return id == null || id.isBlank() ? feed.latest() : Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            return feed.latest();
        }
    }

    private static boolean send(SseEmitter emitter, FeedEvent event) {
        // the same few ids for every client: written as text, not through a JSON mapper per client
        String data = "{\"conversationId\":\"" + event.conversationId() + "\",\"kind\":\"" + event.kind()
                + "\",\"at\":\"" + event.at() + "\"}";
        return EventStreams.send(
                emitter,
                SseEmitter.event()
                        .id(Long.toString(event.id()))
                        .name("conversation")
                        .data(data, MediaType.APPLICATION_JSON));
    }
}
