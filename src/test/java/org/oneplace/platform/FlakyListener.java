package org.oneplace.platform;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * A listener that fails the first {@code failures} deliveries of each {@link Probe}, standing in for a consumer
 * whose dependency is briefly down. It lives in the shared test context so the retry test needs no context of its
 * own.
 */
@Component
public class FlakyListener {

    /** The test event: fail this many times, then succeed. */
    public record Probe(UUID id, int failures) {}

    private final Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();

    @ApplicationModuleListener
    void on(Probe probe) {
        int attempt =
                attempts.computeIfAbsent(probe.id(), id -> new AtomicInteger()).incrementAndGet();
        if (attempt <= probe.failures()) {
            throw new IllegalStateException("simulated outage, attempt " + attempt);
        }
    }

    public int attempts(UUID id) {
        AtomicInteger count = attempts.get(id);
        return count == null ? 0 : count.get();
    }
}
