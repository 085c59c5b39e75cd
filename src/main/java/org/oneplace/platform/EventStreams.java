package org.oneplace.platform;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Every open Server-Sent Events stream of this node, whatever serves it (the inbox, the API feed, the chat widget).
 *
 * <p>Every stream gets a comment line every {@code oneplace.platform.web.stream-heartbeat}: proxies keep an idle
 * connection open, and a client that went away without closing is noticed at the next write, so its stream is
 * released instead of being held forever. When the application shuts down every stream is completed first, so the
 * graceful shutdown does not wait out its whole timeout on connections that never end by themselves; clients
 * reconnect (to another node) and resume from their {@code Last-Event-ID}.
 */
@Component
public class EventStreams {

    private final Set<SseEmitter> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("sse-heartbeat").factory());

    EventStreams(PlatformProperties properties) {
        long every = Math.max(1, properties.web().streamHeartbeat().toMillis());
        heartbeats.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * A new stream without a time limit, released when it completes, times out or fails. The first comment is sent
     * at once, so the response headers reach the client before any event does.
     */
    public SseEmitter open() {
        SseEmitter emitter = new SseEmitter(0L);
        open.add(emitter);
        emitter.onCompletion(() -> open.remove(emitter));
        emitter.onTimeout(() -> open.remove(emitter));
        emitter.onError(e -> open.remove(emitter));
        send(emitter, SseEmitter.event().comment("connected"));
        return emitter;
    }

    /** Sends one event; a client that has gone away ends its stream. */
    public static boolean send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
            return true;
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
            return false;
        }
    }

    /** How many streams this node holds open. */
    public int count() {
        return open.size();
    }

    private void beat() {
        for (SseEmitter emitter : open) {
            if (!send(emitter, SseEmitter.event().comment("keep-alive"))) {
                open.remove(emitter);
            }
        }
    }

    @EventListener(ContextClosedEvent.class)
    void closeAll() {
        heartbeats.shutdownNow();
        for (SseEmitter emitter : open) {
            emitter.complete();
        }
        open.clear();
    }
}
