package org.oneplace.tracking;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.oneplace.platform.GapRepository;
import org.oneplace.tracking.internal.ConsumerRepository;
import org.oneplace.tracking.internal.EventRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tracked events as a feed that consumers inside Oneplace read behind ingestion, in batches by position, each
 * keeping its own position here as a Kafka consumer group keeps its offset — so they never slow the write path. A
 * batch is handed to the consumer in the transaction that advances its position: what the consumer writes commits
 * with the position, so each event is read once. One node at a time reads for a consumer (its row is locked).
 *
 * <p>Positions are drawn before their transaction commits, so the feed may see 7 before 6: it stops at a missing
 * position until the position fills or is known to stay empty ({@link GapRepository}), and reads on after at most a
 * minute (logged) should a long transaction keep the question open.
 */
@Service
public class TrackedEventFeed {

    /** Where a consumer that has never read starts. */
    public enum Start {
        /** With the events tracked from now on (triggers). */
        LATEST,
        /** With every event that has a position (reports). */
        EARLIEST
    }

    /** What a consumer does with the events. */
    public interface Reader {

        /** False while the consumer has no use for events: the position moves to the newest without reading. */
        default boolean reading() {
            return true;
        }

        /** Handles a batch, oldest position first, inside the transaction that moves the position past it. */
        void read(List<TrackedEvent> events);
    }

    /** Events per batch: a read of fewer than this many reached the newest event (or a gap still open). */
    public static final int BATCH = 1000;

    private static final Duration GAP_LIMIT = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(TrackedEventFeed.class);

    private final EventRepository events;
    private final ConsumerRepository consumers;
    private final GapRepository gaps;
    private final TransactionTemplate tx;
    /** Per consumer, the gap this node is waiting on: where it began and when it was first seen. */
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    private record Waiting(long after, GapRepository.Gap gap) {}

    TrackedEventFeed(EventRepository events, ConsumerRepository consumers, GapRepository gaps, TransactionTemplate tx) {
        this.events = events;
        this.consumers = consumers;
        this.gaps = gaps;
        this.tx = tx;
    }

    /** Reads everything tracked since the consumer's last call, batch by batch; answers how many events it read. */
    public int follow(String consumer, Start start, Reader reader) {
        return follow(consumer, start, Integer.MAX_VALUE, reader);
    }

    /**
     * Reads at most {@code maxBatches} batches, so a consumer with other work to do between reads (analytics derives
     * sessions) is not kept reading by a backlog or by ingestion faster than it.
     */
    public int follow(String consumer, Start start, int maxBatches, Reader reader) {
        int read = 0;
        for (int batches = 0; batches < maxBatches; batches++) {
            Integer batch = tx.execute(status -> batch(consumer, start, reader));
            read += batch == null ? 0 : batch;
            if (batch == null || batch < BATCH) {
                return read;
            }
        }
        return read;
    }

    private int batch(String consumer, Start start, Reader reader) {
        long latest = events.latest();
        consumers.startAt(consumer, start == Start.LATEST ? latest : 0);
        Long locked = consumers.lock(consumer).orElse(null);
        if (locked == null) {
            return 0; // another node reads for this consumer now
        }
        if (!reader.reading()) {
            consumers.advance(consumer, Math.max(locked, latest)); // nothing to replay later
            waiting.remove(consumer);
            return 0;
        }
        long at = locked;
        List<TrackedEvent> batch = events.since(at, BATCH);
        int taken = 0;
        for (TrackedEvent event : batch) {
            if (event.position() != at + 1 && !gapClosed(consumer, at, event.position())) {
                break; // a transaction holding a position before this one may still commit: read it next time
            }
            waiting.remove(consumer);
            at = event.position();
            taken++;
        }
        if (taken > 0) {
            reader.read(batch.subList(0, taken));
            consumers.advance(consumer, at);
        }
        // a short batch cut by a gap is not a full one: the caller stops and comes back later
        return taken == batch.size() ? taken : Math.min(taken, BATCH - 1);
    }

    /** Whether the positions between two are known never to fill (their transactions rolled back). */
    private boolean gapClosed(String consumer, long after, long next) {
        Waiting before = waiting.get(consumer);
        GapRepository.Gap seen = gaps.gap(
                before == null || before.after() != after ? null : before.gap().seenAt());
        waiting.put(consumer, new Waiting(after, seen));
        boolean tooLong = Duration.between(seen.seenAt(), seen.now()).compareTo(GAP_LIMIT) > 0;
        if (tooLong) {
            log.warn(
                    "Tracked events {} to {} stayed missing for {} while a transaction older than the gap ran;"
                            + " {} reads on without them",
                    after + 1,
                    next - 1,
                    GAP_LIMIT,
                    consumer);
        }
        // its transaction may have committed just before the check: give the positions up only when still missing
        return (seen.abandoned() || tooLong) && !events.anyBetween(after, next);
    }
}
