package org.oneplace.marketing.internal;

import java.time.Clock;
import java.time.Instant;
import org.oneplace.marketing.internal.JourneyDefinition.Entry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Broadcasts: a one-off send of a template to a segment's members as they are at the send time. A broadcast is a
 * journey of one send step whose audience is released once, in one statement from the segment's SQL (never loaded
 * into memory), with due times spread at the broadcast's rate; from there the runner sends each under the same
 * rules as any journey — consent, caps, quiet hours, exactly once — and the report counts them.
 */
@Component
public class Broadcasts {

    private static final Logger log = LoggerFactory.getLogger(Broadcasts.class);

    private final JourneyRepository journeys;
    private final MarketingRepository marketing;
    private final SegmentRules rules;
    private final JourneyRunner runner;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Clock clock;

    Broadcasts(
            JourneyRepository journeys,
            MarketingRepository marketing,
            SegmentRules rules,
            JourneyRunner runner,
            TransactionTemplate tx,
            JsonMapper json,
            Clock clock) {
        this.journeys = journeys;
        this.marketing = marketing;
        this.rules = rules;
        this.runner = runner;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    /** Releases the live broadcasts whose time has come; answers how many customers they reach. */
    public int release() {
        int released = 0;
        for (JourneyRepository.Journey broadcast : journeys.broadcastsDue(clock.instant())) {
            try {
                Integer started = tx.execute(status -> release(broadcast));
                released += started == null ? 0 : started;
            } catch (RuntimeException e) {
                log.error("Broadcast {} could not be released; it is tried again", broadcast.id(), e);
            }
        }
        return released;
    }

    private int release(JourneyRepository.Journey broadcast) {
        JourneyDefinition definition = runner.definition(broadcast.id(), broadcast.version());
        Entry entry = definition.entry();
        Instant now = clock.instant();
        if (entry.sendAt() == null
                || entry.segmentId() == null
                || entry.sendAt().isAfter(now)) {
            return 0;
        }
        var segment = marketing.segment(entry.segmentId());
        if (segment.isEmpty()) {
            log.warn("Broadcast {} was not sent: its segment {} was deleted", broadcast.id(), entry.segmentId());
            journeys.update(broadcast.id(), broadcast.name(), "paused", broadcast.version(), now);
            return 0;
        }
        int started = journeys.release(
                broadcast.id(),
                broadcast.version(),
                definition.first(),
                rules.compile(json.readTree(segment.get().rules())),
                now,
                entry.ratePerMinute(),
                now);
        log.info("Broadcast {} released to {} customers", broadcast.id(), started);
        return started;
    }
}
