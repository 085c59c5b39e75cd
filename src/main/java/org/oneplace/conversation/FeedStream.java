package org.oneplace.conversation;

import java.util.Map;
import java.util.UUID;
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

    /**
     * @param visible which conversations the client may hear about; events about others are skipped (their ids
     *     are not sent)
     */
    public SseEmitter open(@Nullable String lastEventId, Predicate<UUID> visible) {
        SseEmitter emitter = streams.open();
        long[] last = {parse(lastEventId, feed)};
        Object lock = new Object();
        AutoCloseable subscription = feed.subscribe(event -> {
            synchronized (lock) {
                if (event.id() > last[0]) {
                    if (visible.test(event.conversationId())) {
                        send(emitter, event);
                    }
                    last[0] = event.id();
                }
            }
        });
        synchronized (lock) {
            for (FeedEvent missed : feed.since(last[0], 10_000)) {
                if (visible.test(missed.conversationId())) {
                    send(emitter, missed);
                }
                last[0] = missed.id();
            }
        }
        Runnable close = () -> {
            try {
                subscription.close();
            } catch (Exception ignored) {
                // nothing to release
            }
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

    private static void send(SseEmitter emitter, FeedEvent event) {
        EventStreams.send(
                emitter,
                SseEmitter.event()
                        .id(Long.toString(event.id()))
                        .name("conversation")
                        .data(
                                Map.of(
                                        "conversationId", event.conversationId().toString(),
                                        "kind", event.kind(),
                                        "at", event.at().toString()),
                                MediaType.APPLICATION_JSON));
    }
}
