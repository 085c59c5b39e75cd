package org.oneplace.marketing.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.oneplace.cart.CartService;
import org.oneplace.cart.CartView;
import org.oneplace.channel.Messaging;
import org.oneplace.consent.ConsentService;
import org.oneplace.customer.CustomerSummary;
import org.oneplace.customer.Customers;
import org.oneplace.marketing.MarketingException;
import org.oneplace.marketing.internal.JourneyDefinition.Condition;
import org.oneplace.marketing.internal.JourneyDefinition.Exit;
import org.oneplace.marketing.internal.JourneyDefinition.Send;
import org.oneplace.marketing.internal.JourneyDefinition.Step;
import org.oneplace.marketing.internal.JourneyDefinition.Wait;
import org.oneplace.marketing.internal.JourneyRepository.Instance;
import org.oneplace.order.Purchases;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.ConsentPurpose;
import org.oneplace.shared.Uuid7;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moves customers through journeys. Runs from a db-scheduler job (one node at a time) over the runs that are due,
 * claimed with {@code SKIP LOCKED}: a wait sets the next due time (durable: a restart finds it in the table), a
 * condition branches, a send is decided — exits first (ordered, cart emptied), then the rules (caps across channels
 * with agents' replies, quiet hours, something left to offer) — and then claimed as a {@code sending} row keyed by
 * (run, step) in its own commit before the messaging port is called. A crash after the claim leaves it
 * {@code sending}; it is then recorded {@code failed} ("interrupted"), never sent a second time.
 */
@Component
public class JourneyRunner {

    /** The step id of a run that waits for its trigger to hold (a cart idle long enough). */
    public static final String ENTRY = "$entry";

    private static final Logger log = LoggerFactory.getLogger(JourneyRunner.class);
    private static final int BATCH = 100;
    private static final int MAX_STEPS_AT_ONCE = 50;
    private static final Duration STUCK = Duration.ofMinutes(10);

    private final JourneyRepository journeys;
    private final SendRepository messages;
    private final MarketingRepository marketing;
    private final SegmentRules rules;
    private final Composer composer;
    private final Messaging messaging;
    private final ConsentService consents;
    private final Customers customers;
    private final CartService carts;
    private final Purchases purchases;
    private final MarketingLinks links;
    private final TransactionTemplate tx;
    private final TransactionTemplate savepoint;
    private final JsonMapper json;
    private final Clock clock;
    private final SendRules sendRules;
    private final Map<String, JourneyDefinition> definitions = new ConcurrentHashMap<>();

    JourneyRunner(
            JourneyRepository journeys,
            SendRepository messages,
            MarketingRepository marketing,
            SegmentRules rules,
            Composer composer,
            Messaging messaging,
            ConsentService consents,
            Customers customers,
            CartService carts,
            Purchases purchases,
            MarketingLinks links,
            SendRules sendRules,
            TransactionTemplate tx,
            JsonMapper json,
            Clock clock) {
        this.journeys = journeys;
        this.messages = messages;
        this.marketing = marketing;
        this.rules = rules;
        this.composer = composer;
        this.messaging = messaging;
        this.consents = consents;
        this.customers = customers;
        this.carts = carts;
        this.purchases = purchases;
        this.links = links;
        this.sendRules = sendRules;
        this.tx = tx;
        this.savepoint = new TransactionTemplate(tx.getTransactionManager());
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.json = json;
        this.clock = clock;
    }

    /** A version's definition (versions that ran never change, so they are read once). */
    public JourneyDefinition definition(UUID journeyId, int version) {
        return definitions.computeIfAbsent(
                journeyId + ":" + version,
                key -> JourneyDefinition.read(json.readTree(journeys.definition(journeyId, version)), (r, p) -> {}));
    }

    /** Runs everything due; returns how many runs moved. */
    public int run() {
        recoverInterrupted();
        int moved = 0;
        while (true) {
            List<Claimed> claimed = new ArrayList<>();
            Integer batch = tx.execute(status -> {
                List<Instance> due = journeys.claimDue(clock.instant(), BATCH);
                for (Instance instance : due) {
                    advanceAlone(instance).ifPresent(claimed::add);
                }
                return due.size();
            });
            for (Claimed send : claimed) {
                try {
                    deliver(send);
                } catch (RuntimeException e) {
                    // the outcome could not be recorded: the run stays 'sending' and recovery marks it, never resends
                    log.error("Recording marketing message {} failed", send.messageId(), e);
                }
            }
            moved += batch == null ? 0 : batch;
            if (batch == null || batch < BATCH) {
                return moved;
            }
        }
    }

    /**
     * Advances one run inside a savepoint: a run that fails (a template that no longer renders, a deleted product)
     * is ended with the error as its reason instead of rolling back — and blocking — everyone else's.
     */
    private Optional<Claimed> advanceAlone(Instance instance) {
        try {
            return savepoint.execute(status -> advance(instance));
        } catch (RuntimeException e) {
            log.error("Journey run {} of journey {} failed; it is ended", instance.id(), instance.journeyId(), e);
            String reason = "error: " + e.getMessage();
            journeys.end(
                    instance.id(),
                    "exited",
                    reason.length() > 500 ? reason.substring(0, 500) : reason,
                    clock.instant());
            return Optional.empty();
        }
    }

    /** A send claimed in the database, to go through the messaging port after the commit. */
    private record Claimed(
            UUID messageId,
            Instance instance,
            Send step,
            @Nullable String next,
            Messaging.Notice notice) {}

    /**
     * Walks a run's steps from where it is until it waits, sends or ends. A step counts as entered when the run gets
     * there: at once for a condition's branch or after a skipped send, when the wait before it is over otherwise
     * (so a run that exits during a wait never shows as having reached the send).
     */
    private Optional<Claimed> advance(Instance instance) {
        JourneyDefinition definition = definition(instance.journeyId(), instance.version());
        Instant now = clock.instant();
        String at = instance.stepId();
        if (at.equals(ENTRY)) {
            Optional<Instant> later = sendRules.entryNotYet(instance, definition);
            if (later.isPresent()) {
                journeys.move(instance.id(), ENTRY, "active", later.get(), now);
                return Optional.empty();
            }
            Optional<String> gone = sendRules.entryNoLongerHolds(instance, definition);
            if (gone.isPresent()) {
                journeys.end(instance.id(), "exited", gone.get(), now);
                return Optional.empty();
            }
            at = definition.first();
            entered(instance, at);
        } else if (messages.ofStep(instance.id(), at).isEmpty()) {
            entered(instance, at); // arrived after a wait (a deferred send was counted when it first came)
        }
        for (int i = 0; i < MAX_STEPS_AT_ONCE; i++) {
            Step step = definition.step(at);
            String next;
            switch (step) {
                case Wait wait -> {
                    if (step.next() == null) {
                        journeys.end(instance.id(), "completed", null, now);
                        return Optional.empty();
                    }
                    Instant due = wait.duration() != null
                            ? now.plus(wait.duration())
                            : Pacing.next(now, sendRules.zone(instance.customerId()), wait.until());
                    journeys.move(instance.id(), step.next(), "active", due, now);
                    return Optional.empty();
                }
                case Condition condition ->
                    next = marketing.contains(rules.compile(condition.rule()), instance.customerId())
                            ? condition.then()
                            : condition.otherwise();
                case Exit exit -> {
                    journeys.end(instance.id(), "completed", null, now);
                    return Optional.empty();
                }
                case Send send -> {
                    Optional<String> exit = sendRules.exitBeforeSend(instance, definition);
                    if (exit.isPresent()) {
                        journeys.end(instance.id(), "exited", exit.get(), now);
                        return Optional.empty();
                    }
                    SendRules.Decision decision = sendRules.decide(instance, definition, send, now);
                    switch (decision) {
                        case SendRules.Decision.Defer defer -> {
                            boolean first =
                                    messages.ofStep(instance.id(), send.id()).isEmpty();
                            messages.put(
                                    Uuid7.next(),
                                    instance.id(),
                                    instance.journeyId(),
                                    send.id(),
                                    instance.customerId(),
                                    send.purpose().code(),
                                    "deferred",
                                    "quiet_hours",
                                    defer.detail(),
                                    defer.until(),
                                    Composer.token(),
                                    now);
                            if (first) {
                                messages.count(instance.journeyId(), send.id(), "deferred", 0);
                            }
                            journeys.move(instance.id(), send.id(), "active", defer.until(), now);
                            return Optional.empty();
                        }
                        case SendRules.Decision.End end -> {
                            journeys.end(instance.id(), "exited", end.reason(), now);
                            return Optional.empty();
                        }
                        case SendRules.Decision.Skip skip -> {
                            skipped(instance, send, skip.reason(), skip.detail(), now);
                            next = send.next();
                        }
                        case SendRules.Decision.Go go -> {
                            return Optional.of(claim(instance, send, go, now));
                        }
                    }
                }
            }
            if (next == null) {
                journeys.end(instance.id(), "completed", null, now);
                return Optional.empty();
            }
            entered(instance, next);
            at = next;
        }
        // a long chain of conditions: continue on the next run
        journeys.move(instance.id(), at, "active", now, now);
        return Optional.empty();
    }

    private void entered(Instance instance, String stepId) {
        messages.count(instance.journeyId(), stepId, "entered", 0);
    }

    private void skipped(Instance instance, Send send, String reason, String detail, Instant now) {
        messages.put(
                Uuid7.next(),
                instance.id(),
                instance.journeyId(),
                send.id(),
                instance.customerId(),
                send.purpose().code(),
                "skipped",
                reason,
                detail,
                null,
                Composer.token(),
                now);
        messages.count(instance.journeyId(), send.id(), "skipped:" + reason, 0);
    }

    /** Renders the message and claims the send in this transaction; the port is called after the commit. */
    private Claimed claim(Instance instance, Send send, SendRules.Decision.Go go, Instant now) {
        Optional<SendRepository.Message> existing = messages.ofStep(instance.id(), send.id());
        UUID id = existing.map(SendRepository.Message::id).orElseGet(Uuid7::next);
        String token = existing.map(SendRepository.Message::token).orElseGet(Composer::token);
        messages.put(
                id,
                instance.id(),
                instance.journeyId(),
                send.id(),
                instance.customerId(),
                send.purpose().code(),
                "sending",
                null,
                null,
                null,
                token,
                now);
        CustomerSummary summary = customers.summary(instance.customerId()).orElseThrow();
        Map<String, Object> traits = customers.traits(instance.customerId()).orElse(Map.of());
        CartView cart = carts.contents(instance.customerId());
        Composer.Facts facts = new Composer.Facts(
                summary.name(),
                traits,
                cart,
                SendRules.locale(go.template(), traits),
                links.unsubscribeUrl(token),
                sendRules.due(instance));
        List<String[]> tracked = new ArrayList<>();
        Composer.Composed composed;
        try {
            composed = composer.compose(
                    go.template(), facts, links.base(), (t, url) -> tracked.add(new String[] {t, url}));
        } catch (MarketingException e) {
            throw new IllegalStateException(
                    "The stored template " + go.template().id() + " no longer renders: " + e.getMessage(), e);
        }
        tracked.forEach(link -> messages.link(link[0], id, link[1]));
        journeys.move(instance.id(), send.id(), "sending", null, now);
        return new Claimed(
                id,
                instance,
                send,
                send.next(),
                new Messaging.Notice(
                        instance.customerId(),
                        send.purpose(),
                        composed.subject(),
                        composed.text(),
                        go.channels(),
                        links.from(),
                        composed.html(),
                        send.purpose() == ConsentPurpose.MARKETING ? facts.unsubscribeUrl() : null));
    }

    /** Sends a claimed message through the port and records what happened, then moves the run on. */
    private void deliver(Claimed claimed) {
        String status;
        String reason = null;
        String detail = null;
        ChannelType channel = null;
        try {
            Messaging.Delivery delivery = messaging.deliver(claimed.notice());
            if (delivery.sent()) {
                status = "sent";
                channel = delivery.channel();
            } else {
                status = "skipped";
                reason = "unreachable";
                detail = delivery.reason();
            }
        } catch (RuntimeException e) {
            log.warn("Marketing message {} failed: {}", claimed.messageId(), e.getMessage());
            status = "failed";
            reason = "provider";
            detail = e.getMessage();
        }
        String finalStatus = status;
        String finalReason = reason;
        String finalDetail = detail;
        ChannelType finalChannel = channel;
        tx.executeWithoutResult(s -> {
            Instant now = clock.instant();
            messages.outcome(claimed.messageId(), finalStatus, finalChannel, finalReason, finalDetail, now);
            UUID journey = claimed.instance().journeyId();
            String step = claimed.step().id();
            messages.count(journey, step, finalReason == null ? finalStatus : finalStatus + ":" + finalReason, 0);
            // only a run still sending this step moves on: one ended meanwhile (merged away) stays ended
            journeys.afterSend(claimed.instance().id(), step, claimed.next(), now);
        });
    }

    /** Runs a stopped node left mid-send: recorded as failed, never sent again (it may have gone out). */
    private void recoverInterrupted() {
        tx.executeWithoutResult(s -> {
            Instant now = clock.instant();
            for (Instance instance : journeys.stuckSending(now.minus(STUCK), BATCH)) {
                JourneyDefinition definition = definition(instance.journeyId(), instance.version());
                messages.ofStep(instance.id(), instance.stepId())
                        .filter(m -> m.status().equals("sending"))
                        .ifPresent(m -> {
                            messages.outcome(
                                    m.id(),
                                    "failed",
                                    null,
                                    "interrupted",
                                    "the node stopped while sending; not sent again, so it cannot arrive twice",
                                    now);
                            messages.count(instance.journeyId(), instance.stepId(), "failed:interrupted", 0);
                        });
                journeys.afterSend(
                        instance.id(),
                        instance.stepId(),
                        definition.step(instance.stepId()).next(),
                        now);
            }
        });
    }
}
