package org.oneplace.marketing.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.oneplace.cart.CartService;
import org.oneplace.cart.CartView;
import org.oneplace.catalog.PricedLine;
import org.oneplace.catalog.PricingService;
import org.oneplace.channel.Messaging;
import org.oneplace.consent.ConsentService;
import org.oneplace.customer.CustomerSummary;
import org.oneplace.customer.Customers;
import org.oneplace.inventory.InventoryService;
import org.oneplace.marketing.MarketingException;
import org.oneplace.marketing.MarketingSettings;
import org.oneplace.marketing.TemplateView;
import org.oneplace.marketing.internal.JourneyDefinition.Condition;
import org.oneplace.marketing.internal.JourneyDefinition.EntryType;
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
    private final PricingService pricing;
    private final InventoryService inventory;
    private final TransactionTemplate tx;
    private final TransactionTemplate savepoint;
    private final JsonMapper json;
    private final Clock clock;
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
            PricingService pricing,
            InventoryService inventory,
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
        this.pricing = pricing;
        this.inventory = inventory;
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
            Optional<Instant> later = entryNotYet(instance, definition);
            if (later.isPresent()) {
                journeys.move(instance.id(), ENTRY, "active", later.get(), now);
                return Optional.empty();
            }
            Optional<String> gone = entryNoLongerHolds(instance, definition);
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
                            : Pacing.next(now, zone(instance.customerId()), wait.until());
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
                    Optional<String> exit = exitBeforeSend(instance, definition);
                    if (exit.isPresent()) {
                        journeys.end(instance.id(), "exited", exit.get(), now);
                        return Optional.empty();
                    }
                    Decision decision = decide(instance, definition, send, now);
                    switch (decision) {
                        case Decision.Defer defer -> {
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
                        case Decision.End end -> {
                            journeys.end(instance.id(), "exited", end.reason(), now);
                            return Optional.empty();
                        }
                        case Decision.Skip skip -> {
                            skipped(instance, send, skip.reason(), skip.detail(), now);
                            next = send.next();
                        }
                        case Decision.Go go -> {
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

    /**
     * For a cart journey: when the cart changed since the run started waiting (an event that has not pushed the
     * wait back yet), the wait goes on until the cart has been left alone long enough.
     */
    private Optional<Instant> entryNotYet(Instance instance, JourneyDefinition definition) {
        if (definition.entry().type() != EntryType.CART_ABANDONED) {
            return Optional.empty();
        }
        Instant updated = carts.contents(instance.customerId()).updatedAt();
        if (updated == null) {
            return Optional.empty();
        }
        Instant idleEnough = updated.plus(definition.entry().after());
        return idleEnough.isAfter(clock.instant()) ? Optional.of(idleEnough) : Optional.empty();
    }

    private void entered(Instance instance, String stepId) {
        messages.count(instance.journeyId(), stepId, "entered", 0);
    }

    /** Why a waiting entry no longer holds (the cart was emptied meanwhile), if it does not. */
    private Optional<String> entryNoLongerHolds(Instance instance, JourneyDefinition definition) {
        if (definition.entry().type() == EntryType.CART_ABANDONED
                && carts.contents(instance.customerId()).lines().isEmpty()) {
            return Optional.of("cart_emptied");
        }
        return exitBeforeSend(instance, definition);
    }

    /** The journey's exits, checked again before every send (the events that end runs may not have arrived yet). */
    private Optional<String> exitBeforeSend(Instance instance, JourneyDefinition definition) {
        if (customers.liveId(instance.customerId()).isEmpty()) {
            return Optional.of("customer_gone");
        }
        if (definition.exitOn().contains("order_placed")
                && purchases
                        .placedSince(instance.customerId(), instance.enteredAt())
                        .isPresent()) {
            return Optional.of("order_placed");
        }
        if (definition.exitOn().contains("cart_emptied")
                && carts.contents(instance.customerId()).lines().isEmpty()) {
            return Optional.of("cart_emptied");
        }
        return Optional.empty();
    }

    /** What to do with a send now. */
    sealed interface Decision {
        record Go(TemplateView template, List<ChannelType> channels) implements Decision {}

        record Skip(String reason, String detail) implements Decision {}

        record Defer(Instant until, String detail) implements Decision {}

        /** The journey ends here (it exits on consent withdrawn, and there is none on its channels). */
        record End(String reason) implements Decision {}
    }

    private Decision decide(Instance instance, JourneyDefinition definition, Send send, Instant now) {
        UUID customer = instance.customerId();
        Optional<TemplateView> template = marketing.template(send.templateId());
        if (template.isEmpty()) {
            return new Decision.Skip("template_missing", "the template " + send.templateId() + " was deleted");
        }
        List<ChannelType> consented = send.channels().stream()
                .filter(c -> consents.allows(customer, c, send.purpose()))
                .toList();
        if (consented.isEmpty() && definition.exitOn().contains("consent_withdrawn")) {
            return new Decision.End("consent_withdrawn");
        }
        if (consented.isEmpty()) {
            return new Decision.Skip(
                    "no_consent",
                    "no " + send.purpose().code() + " consent on "
                            + send.channels().stream().map(ChannelType::code).toList());
        }
        if (definition.entry().type() == EntryType.CART_ABANDONED
                && Composer.buyable(carts.contents(customer)).isEmpty()) {
            return new Decision.Skip("nothing_to_offer", "nothing in the cart can be bought now (sold out)");
        }
        String dueSku = dueSku(instance);
        if (dueSku != null && inventory.availableTotals(List.of(dueSku)).getOrDefault(dueSku, 0) <= 0) {
            return new Decision.Skip("nothing_to_offer", dueSku + " cannot be bought now (sold out)");
        }
        if (send.purpose() == ConsentPurpose.MARKETING) {
            MarketingSettings settings = marketing.settings();
            Instant since = now.atZone(java.time.ZoneOffset.UTC)
                    .minus(settings.frequencyCap().period())
                    .toInstant();
            int sent = messages.sentSince(customer, since, null);
            Duration agentWindow = settings.agentReplyWindow();
            int agents = agentWindow == null ? 0 : messages.contactsSince(customer, now.minus(agentWindow));
            if (sent + agents >= settings.frequencyCap().count()) {
                return new Decision.Skip(
                        "frequency_cap",
                        sent + " marketing message(s) in the last "
                                + settings.frequencyCap().period()
                                + (agents > 0 ? " and " + agents + " agent repl" + (agents == 1 ? "y" : "ies") : "")
                                + " reach the cap of " + settings.frequencyCap().count());
            }
            MarketingSettings.FrequencyCap journeyCap = definition.cap();
            if (journeyCap != null) {
                Instant journeySince = now.atZone(java.time.ZoneOffset.UTC)
                        .minus(journeyCap.period())
                        .toInstant();
                if (messages.sentSince(customer, journeySince, instance.journeyId()) >= journeyCap.count()) {
                    return new Decision.Skip(
                            "journey_cap",
                            "this journey's cap of " + journeyCap.count() + " per " + journeyCap.period()
                                    + " is reached");
                }
            }
            ZoneId zone = zone(customer);
            Optional<Instant> quietUntil = Pacing.quietUntil(now, zone, settings.quietHours());
            if (quietUntil.isPresent()) {
                return new Decision.Defer(
                        quietUntil.get(),
                        "quiet hours in " + zone + " until "
                                + settings.quietHours().to());
            }
        }
        return new Decision.Go(template.get(), preferred(customer, consented));
    }

    /** The customer's preferred channel first (a {@code preferredChannel} trait), then the journey's order. */
    private List<ChannelType> preferred(UUID customer, List<ChannelType> channels) {
        Object trait = customers.traits(customer).orElse(Map.of()).get("preferredChannel");
        if (trait instanceof String code) {
            Optional<ChannelType> preferred = ChannelType.fromCode(code);
            if (preferred.isPresent() && channels.contains(preferred.get())) {
                List<ChannelType> ordered = new ArrayList<>(List.of(preferred.get()));
                channels.stream().filter(c -> c != preferred.get()).forEach(ordered::add);
                return ordered;
            }
        }
        return channels;
    }

    private ZoneId zone(UUID customer) {
        return Pacing.zone(
                customers.traits(customer).orElse(Map.of()),
                marketing.settings().defaultTimeZone());
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
    private Claimed claim(Instance instance, Send send, Decision.Go go, Instant now) {
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
                locale(go.template(), traits),
                links.unsubscribeUrl(token),
                due(instance));
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

    /** The context of a replenishment run: the SKU and when its next purchase is expected. */
    public static String replenishmentContext(String sku, Instant expected) {
        return REPLENISHMENT + sku + "|" + expected;
    }

    private static final String REPLENISHMENT = "replenishment|";

    private static @Nullable String dueSku(Instance instance) {
        String context = instance.context();
        return context == null || !context.startsWith(REPLENISHMENT)
                ? null
                : context.substring(REPLENISHMENT.length(), context.lastIndexOf('|'));
    }

    /** The product a replenishment run is about, priced now: the price every channel quotes, promotions included. */
    private Composer.@Nullable Due due(Instance instance) {
        String sku = dueSku(instance);
        if (sku == null) {
            return null;
        }
        PricedLine line = pricing.price(Map.of(sku, 1), List.of()).lines().getFirst();
        Instant expected =
                Instant.parse(instance.context().substring(instance.context().lastIndexOf('|') + 1));
        return new Composer.Due(sku, line.name(), line.total(), line.unitPrice(), line.promotion(), expected);
    }

    private static Locale locale(TemplateView template, Map<String, Object> traits) {
        String tag =
                template.locale() != null ? template.locale() : traits.get("locale") instanceof String s ? s : "en";
        Locale locale = Locale.forLanguageTag(tag.replace('_', '-'));
        return locale.getLanguage().isEmpty() ? Locale.ENGLISH : locale;
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

    /** For the report: the counts grouped by step. */
    Map<String, Map<String, long[]>> counts(UUID journeyId) {
        Map<String, Map<String, long[]>> byStep = new LinkedHashMap<>();
        for (SendRepository.Count count : messages.counts(journeyId)) {
            byStep.computeIfAbsent(count.stepId(), k -> new LinkedHashMap<>())
                    .put(count.metric(), new long[] {count.n(), count.revenue()});
        }
        return byStep;
    }
}
