package org.oneplace.tracking;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.oneplace.shared.CustomerFilter;
import org.oneplace.tracking.internal.EventRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** What other modules may ask of the tracked events (module API; no permission checked: not for people). */
@Service
public class TrackedEvents {

    private final EventRepository events;
    private final JsonMapper json;

    TrackedEvents(EventRepository events, JsonMapper json) {
        this.events = events;
        this.json = json;
    }

    /**
     * Customers who did an event at least {@code atLeast} times since a moment. The event is named as the timeline
     * shows it ({@code product_viewed}) or as the site sent it ({@code Product Viewed}); {@code where} lists
     * properties the event must carry with exactly these values.
     */
    public CustomerFilter did(String event, Map<String, ?> where, int atLeast, Instant since) {
        return events.did(event, where.isEmpty() ? null : json.writeValueAsString(where), atLeast, since);
    }

    /**
     * Events after a position, oldest position first, for a consumer that keeps its own position. Positions commit
     * out of order: a consumer stops at a missing position until {@link #filled} or the gap is known to stay empty
     * ({@code platform.GapRepository}).
     */
    @Transactional(readOnly = true)
    public List<TrackedEvent> since(long position, int limit) {
        return events.since(position, limit);
    }

    /** Whether a position between two has been filled meanwhile. */
    @Transactional(readOnly = true)
    public boolean filled(long after, long before) {
        return events.anyBetween(after, before);
    }

    /** The newest position (where a new consumer starts). */
    @Transactional(readOnly = true)
    public long latest() {
        return events.latest();
    }
}
