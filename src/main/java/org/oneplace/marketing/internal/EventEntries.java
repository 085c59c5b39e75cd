package org.oneplace.marketing.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.oneplace.customer.Customers;
import org.oneplace.marketing.internal.JourneyDefinition.Entry;
import org.oneplace.marketing.internal.JourneyDefinition.EntryType;
import org.oneplace.platform.GapRepository;
import org.oneplace.tracking.TrackedEvent;
import org.oneplace.tracking.TrackedEvents;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Event-triggered journeys ({@code {type: event, name, where?}}) read the tracked events behind ingestion, in
 * batches from a position marketing keeps (one node at a time holds it), never slowing the write path: a batch of
 * events and the new position commit together, so each event starts its runs once. A position that is missing — its
 * transaction has not committed yet — is waited for until it fills or is known to stay empty.
 */
@Component
public class EventEntries {

    private static final int BATCH = 1000;
    private static final Duration GAP_LIMIT = Duration.ofMinutes(1);
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EventEntries.class);

    private final TrackedEvents tracked;
    private final EventPositionRepository positions;
    private final GapRepository gaps;
    private final JourneyRepository journeys;
    private final JourneyRunner runner;
    private final Customers customers;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Clock clock;
    private GapRepository.@Nullable Gap gap;
    private long gapAfter = -1;

    EventEntries(
            TrackedEvents tracked,
            EventPositionRepository positions,
            GapRepository gaps,
            JourneyRepository journeys,
            JourneyRunner runner,
            Customers customers,
            TransactionTemplate tx,
            JsonMapper json,
            Clock clock) {
        this.tracked = tracked;
        this.positions = positions;
        this.gaps = gaps;
        this.journeys = journeys;
        this.runner = runner;
        this.customers = customers;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    /** Reads what was tracked since the last call and starts the runs it triggers; answers the events read. */
    public synchronized int follow() {
        int read = 0;
        while (true) {
            Integer batch = tx.execute(status -> batch());
            read += batch == null ? 0 : batch;
            if (batch == null || batch < BATCH) {
                return read;
            }
        }
    }

    private record Listening(JourneyRepository.Journey journey, JourneyDefinition definition) {}

    private int batch() {
        // the newest position before the journeys: an event after it is read next time, whoever listens then
        long latest = tracked.latest();
        positions.startAt(latest);
        Optional<Long> locked = positions.lock();
        if (locked.isEmpty()) {
            return 0; // another node reads now
        }
        List<Listening> listening = new ArrayList<>();
        for (JourneyRepository.Journey journey : journeys.live()) {
            JourneyDefinition definition = runner.definition(journey.id(), journey.version());
            if (definition.entry().type() == EntryType.EVENT) {
                listening.add(new Listening(journey, definition));
            }
        }
        if (listening.isEmpty()) {
            positions.advance(Math.max(locked.get(), latest)); // nobody listens: nothing to replay later
            gap = null;
            return 0;
        }
        long at = locked.get();
        if (at != gapAfter) {
            gap = null; // a gap seen earlier was at another position (or on the way to this one): look afresh
        }
        int read = 0;
        for (TrackedEvent event : tracked.since(at, BATCH)) {
            if (event.position() != at + 1 && !gapClosed(at, event.position())) {
                gapAfter = at;
                break; // a transaction holding a position before this one may still commit: read it next time
            }
            gap = null;
            for (Listening journey : listening) {
                if (matches(journey.definition().entry(), event)
                        && !event.occurredAt().isBefore(journey.journey().updatedAt())) {
                    enter(journey, event);
                }
            }
            at = event.position();
            read++;
        }
        positions.advance(at);
        return read;
    }

    /** Whether the positions between two are known never to fill (their transactions rolled back). */
    private boolean gapClosed(long after, long next) {
        GapRepository.Gap seen = gaps.gap(gap == null ? null : gap.seenAt());
        gap = seen;
        boolean tooLong = Duration.between(seen.seenAt(), seen.now()).compareTo(GAP_LIMIT) > 0;
        if (tooLong) {
            log.warn(
                    "Tracked events {} to {} stayed missing for {} while a transaction older than the gap ran;"
                            + " marketing reads on without them",
                    after + 1,
                    next - 1,
                    GAP_LIMIT);
        }
        // its transaction may have committed just before the check: give the positions up only when still missing
        return (seen.abandoned() || tooLong) && !tracked.filled(after, next);
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
