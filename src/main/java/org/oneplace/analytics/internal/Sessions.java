package org.oneplace.analytics.internal;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.oneplace.analytics.AnalyticsProperties;
import org.oneplace.customer.Customers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Folds marked customers' touches into sessions, a batch of customers per transaction (taken with {@code SKIP
 * LOCKED}, so nodes share the work). A marked customer that is no longer live was merged (its touches move to the
 * survivor, which is derived next) or erased (its touches are unlinked) after a touch for it was written; touches
 * whose first customer now lives elsewhere (an undone merge that raced them) move there.
 */
@Component
public class Sessions {

    private static final int BATCH = 500;
    private static final Duration REBUILD_BACKOFF = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(Sessions.class);

    /** Not before this does this node try a rebuild again after one failed (a dependent view, a lock timeout). */
    private volatile Instant nextRebuildAttempt = Instant.MIN;

    private final ExecutorService rebuilder = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("analytics-rebuild").factory());

    private final TouchRepository touches;
    private final AnalyticsSessionRepository sessions;
    private final RollupRepository rollups;
    private final Customers customers;
    private final AnalyticsProperties properties;
    private final TransactionTemplate tx;
    private final Clock clock;

    Sessions(
            TouchRepository touches,
            AnalyticsSessionRepository sessions,
            RollupRepository rollups,
            Customers customers,
            AnalyticsProperties properties,
            TransactionTemplate tx,
            Clock clock) {
        this.touches = touches;
        this.sessions = sessions;
        this.rollups = rollups;
        this.customers = customers;
        this.properties = properties;
        this.tx = tx;
        this.clock = clock;
    }

    /** Derives the sessions of every marked customer; answers how many customers it derived. */
    public int derive() {
        int derived = 0;
        while (true) {
            Integer batch = tx.execute(status -> batch());
            derived += batch == null ? 0 : batch;
            if (batch == null || batch < BATCH) {
                return derived;
            }
        }
    }

    private int batch() {
        // wait for a rebuild here, before taking marked customers: a batch holding their marks while it waited would
        // hold up whoever marks them meanwhile (an order, a merge), which the rebuild in turn waits for
        sessions.lockForDerivation();
        List<UUID> marked = touches.takeMarked(BATCH);
        for (UUID customer : marked) {
            Optional<UUID> live = customers.liveId(customer);
            if (live.isEmpty()) {
                touches.pseudonymise(Set.of(customer));
            } else if (!live.get().equals(customer)) {
                touches.move(customer, live.get());
            }
        }
        // touches that landed here while an undo gave their first customer back (the undo moved only what was
        // committed then) go back to where that customer lives now
        for (TouchRepository.Pair pair : touches.foreignFirsts(marked)) {
            customers
                    .liveId(pair.firstCustomerId())
                    .filter(live -> !live.equals(pair.customerId()))
                    .ifPresent(live -> touches.rehome(pair, live));
        }
        sessions.derive(marked, properties.sessionTimeout(), properties.conversionWindow(), properties.timeZone());
        return marked.size();
    }

    /**
     * Asks for every session to be derived afresh from the touches, and the rollups with them: starts at once on a
     * thread of its own (the request only asks); should this node stop first, the next run on any node does it.
     */
    public void rebuild() {
        tx.executeWithoutResult(status -> rollups.requestRebuild());
        rebuilder.execute(() -> {
            try {
                rebuildIfRequested();
            } catch (RuntimeException e) {
                log.error("Analytics rebuild failed; the next run tries again", e);
            }
        });
    }

    @PreDestroy
    void stop() {
        rebuilder.shutdownNow();
    }

    /**
     * Rebuilds, when asked: every session derived again in one pass over the touches (writers of sessions wait; new
     * touches and merges go on and mark their customers, derived again after), then the rollups from them. Answers
     * the sessions derived, or -1 when no rebuild was asked.
     */
    public int rebuildIfRequested() {
        if (clock.instant().isBefore(nextRebuildAttempt)) {
            return -1; // the last attempt failed: not again under the exclusive lock every few seconds
        }
        try {
            return rebuildNow();
        } catch (RuntimeException e) {
            nextRebuildAttempt = clock.instant().plus(REBUILD_BACKOFF);
            throw e;
        }
    }

    private int rebuildNow() {
        Integer derived = tx.execute(status -> {
            if (!rollups.rebuildRequested()) {
                return -1;
            }
            sessions.lockAll();
            int all = sessions.deriveAll(properties.sessionTimeout(), properties.conversionWindow());
            rollups.recompute(properties.timeZone(), AnalyticsSessionRepository.NEXT);
            sessions.replace();
            rollups.rebuilt();
            return all;
        });
        return derived == null ? -1 : derived;
    }

    /** Builds the rollups when they were built in another zone than the configured one, or never (an upgrade). */
    public void checkRollups() {
        if (!rollups.zone().filter(properties.timeZone()::equals).isPresent()) {
            tx.executeWithoutResult(status -> rollups.recompute(properties.timeZone()));
        }
    }
}
