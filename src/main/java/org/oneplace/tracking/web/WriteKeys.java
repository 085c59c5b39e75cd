package org.oneplace.tracking.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.oneplace.staff.WriteKeyService;
import org.oneplace.staff.WriteKeyView;
import org.springframework.stereotype.Component;

/**
 * Write keys as tracking checks them on every call: remembered for a few seconds, so a busy source costs no
 * database read per event. A revoked key stops working within {@link #TTL}.
 */
@Component
class WriteKeys {

    static final Duration TTL = Duration.ofSeconds(5);
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(Optional<WriteKeyView> key, Instant until) {}

    private final WriteKeyService service;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

    WriteKeys(WriteKeyService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    Optional<WriteKeyView> active(String key) {
        Instant now = clock.instant();
        Entry entry = cache.get(key);
        if (entry == null || entry.until().isBefore(now)) {
            if (cache.size() > MAX_ENTRIES) {
                cache.clear(); // guessed keys must not grow memory without bound
            }
            entry = new Entry(service.findActive(key), now.plus(TTL));
            cache.put(key, entry);
        }
        return entry.key();
    }
}
