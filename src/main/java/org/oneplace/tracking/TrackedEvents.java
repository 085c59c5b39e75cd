package org.oneplace.tracking;

import java.time.Instant;
import java.util.Map;
import org.oneplace.shared.CustomerFilter;
import org.oneplace.tracking.internal.EventRepository;
import org.springframework.stereotype.Service;
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
}
