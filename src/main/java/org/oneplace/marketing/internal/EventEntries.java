package org.oneplace.marketing.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.oneplace.customer.Customers;
import org.oneplace.marketing.internal.JourneyDefinition.Entry;
import org.oneplace.marketing.internal.JourneyDefinition.EntryType;
import org.oneplace.tracking.TrackedEvent;
import org.oneplace.tracking.TrackedEventFeed;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Event-triggered journeys ({@code {type: event, name, where?}}) read the tracked events behind ingestion, as the
 * {@code marketing} consumer of the tracking feed: a batch of events and the new position commit together, so each
 * event starts its runs once. While no live journey listens, the position moves on without reading.
 */
@Component
public class EventEntries {

    static final String CONSUMER = "marketing";

    private final TrackedEventFeed feed;
    private final JourneyRepository journeys;
    private final JourneyRunner runner;
    private final Customers customers;
    private final JsonMapper json;
    private final Clock clock;

    EventEntries(
            TrackedEventFeed feed,
            JourneyRepository journeys,
            JourneyRunner runner,
            Customers customers,
            JsonMapper json,
            Clock clock) {
        this.feed = feed;
        this.journeys = journeys;
        this.runner = runner;
        this.customers = customers;
        this.json = json;
        this.clock = clock;
    }

    /** Reads what was tracked since the last call and starts the runs it triggers; answers the events read. */
    public int follow() {
        return feed.follow(CONSUMER, TrackedEventFeed.Start.LATEST, new TrackedEventFeed.Reader() {
            private List<Listening> listening = List.of();

            @Override
            public boolean reading() {
                listening = listening();
                return !listening.isEmpty();
            }

            @Override
            public void read(List<TrackedEvent> events) {
                for (TrackedEvent event : events) {
                    for (Listening journey : listening) {
                        if (matches(journey.definition().entry(), event)
                                && !event.occurredAt()
                                        .isBefore(journey.journey().updatedAt())) {
                            enter(journey, event);
                        }
                    }
                }
            }
        });
    }

    private record Listening(JourneyRepository.Journey journey, JourneyDefinition definition) {}

    private List<Listening> listening() {
        List<Listening> listening = new ArrayList<>();
        for (JourneyRepository.Journey journey : journeys.live()) {
            JourneyDefinition definition = runner.definition(journey.id(), journey.version());
            if (definition.entry().type() == EntryType.EVENT) {
                listening.add(new Listening(journey, definition));
            }
        }
        return listening;
    }

    private boolean matches(Entry entry, TrackedEvent event) {
        String name = entry.event();
        if (name == null || !(name.equalsIgnoreCase(event.type()) || name.equalsIgnoreCase(event.name()))) {
            return false;
        }
        if (entry.where().isEmpty()) {
            return true;
        }
        if (event.properties() == null) {
            return false;
        }
        JsonNode properties = json.readTree(event.properties());
        for (Map.Entry<String, JsonNode> wanted : entry.where().entrySet()) {
            JsonNode value = properties.get(wanted.getKey());
            if (value == null
                    || !(value.equals(wanted.getValue())
                            || value.asString("").equals(wanted.getValue().asString("")))) {
                return false;
            }
        }
        return true;
    }

    private void enter(Listening listening, TrackedEvent event) {
        JourneyRepository.Journey journey = listening.journey();
        Optional<java.util.UUID> live = customers.liveId(event.customerId());
        if (live.isEmpty()
                || journeys.running(journey.id(), live.get()).isPresent()
                || (!listening.definition().reentry() && journeys.everEntered(journey.id(), live.get()))) {
            return;
        }
        Instant now = clock.instant();
        journeys.start(
                journey.id(),
                journey.version(),
                live.get(),
                listening.definition().first(),
                now,
                now,
                "event|" + event.position());
    }
}
