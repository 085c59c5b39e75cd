package org.oneplace.marketing.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.oneplace.cart.CartChanged;
import org.oneplace.conversation.ReplySent;
import org.oneplace.customer.Customers;
import org.oneplace.customer.CustomersMerged;
import org.oneplace.customer.CustomersUnmerged;
import org.oneplace.customer.PersonalDataHolder;
import org.oneplace.customer.TimelineEntry;
import org.oneplace.customer.TimelineQuery;
import org.oneplace.customer.TimelineSource;
import org.oneplace.marketing.MarketingMessageView;
import org.oneplace.order.OrderPlaced;
import org.oneplace.order.Purchases;
import org.oneplace.order.Replenishment;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.InvalidValueException;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * How marketing hears the rest of Oneplace, after each commit (the event publication log retries a listener that
 * failed): a cart change starts or pushes back an abandoned-cart run and an emptied cart ends it; an order ends the
 * runs that exit on it, is attributed to the last clicked (else sent) message in the window, and starts order
 * journeys; an agent's reply is remembered for the frequency cap. Also marketing's part of the timeline, exports
 * and erasure, and merges.
 */
@Component
public class MarketingIntegration implements TimelineSource, PersonalDataHolder {

    private final JourneyRepository journeys;
    private final SendRepository messages;
    private final MarketingRepository marketing;
    private final JourneyRunner runner;
    private final Purchases purchases;
    private final Customers customers;
    private final Clock clock;

    MarketingIntegration(
            JourneyRepository journeys,
            SendRepository messages,
            MarketingRepository marketing,
            JourneyRunner runner,
            Purchases purchases,
            Customers customers,
            Clock clock) {
        this.journeys = journeys;
        this.messages = messages;
        this.marketing = marketing;
        this.runner = runner;
        this.purchases = purchases;
        this.customers = customers;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(CartChanged changed) {
        if (changed.emptied()) {
            exit(changed.customerId(), "cart_emptied", changed.occurredAt());
            return;
        }
        for (JourneyRepository.Journey journey : journeys.live()) {
            JourneyDefinition definition = runner.definition(journey.id(), journey.version());
            if (definition.entry().type() != JourneyDefinition.EntryType.CART_ABANDONED) {
                continue;
            }
            Instant due = changed.occurredAt().plus(definition.entry().after());
            var running = journeys.running(journey.id(), changed.customerId());
            if (running.isPresent()) {
                if (running.get().stepId().equals(JourneyRunner.ENTRY)) {
                    // still idle-waiting: the cart changed, so the wait starts over
                    journeys.move(running.get().id(), JourneyRunner.ENTRY, "active", due, clock.instant());
                }
                continue;
            }
            if (!definition.reentry() && journeys.everEntered(journey.id(), changed.customerId())) {
                continue;
            }
            journeys.start(
                    journey.id(), journey.version(), changed.customerId(), JourneyRunner.ENTRY, due, clock.instant());
        }
    }

    @ApplicationModuleListener
    void on(OrderPlaced placed) {
        if (placed.imported()) {
            return; // history brought in from another system: nothing to end, credit or start now
        }
        exit(placed.customerId(), "order_placed", placed.occurredAt());
        messages.attributable(
                        placed.customerId(),
                        placed.occurredAt().minus(marketing.settings().attributionWindow()),
                        placed.occurredAt())
                .ifPresent(message -> {
                    boolean credited = messages.attribute(
                            message.id(),
                            placed.orderId(),
                            placed.total().amount(),
                            placed.total().currency());
                    if (credited && message.journeyId() != null) {
                        messages.count(
                                message.journeyId(),
                                message.stepId(),
                                "converted",
                                placed.total().amount());
                    }
                });
        if (placed.occurredAt().isBefore(clock.instant().minus(Duration.ofHours(1)))) {
            return; // a till's late sale from the past: no "thank you for your order" now
        }
        for (JourneyRepository.Journey journey : journeys.live()) {
            JourneyDefinition definition = runner.definition(journey.id(), journey.version());
            if (definition.entry().type() != JourneyDefinition.EntryType.ORDER_PLACED) {
                continue;
            }
            String context = "order|" + placed.orderId();
            if (journeys.running(journey.id(), placed.customerId()).isPresent()
                    || journeys.enteredAbout(journey.id(), placed.customerId(), context)
                    || (!definition.reentry() && journeys.everEntered(journey.id(), placed.customerId()))) {
                continue; // a redelivered event starts nothing twice
            }
            Instant now = clock.instant();
            journeys.start(journey.id(), journey.version(), placed.customerId(), definition.first(), now, now, context);
        }
    }

    /**
     * Starts replenishment runs for customers whose next purchase of a product is expected within the journey's
     * {@code daysBefore} (and not more than a week overdue): once per product and purchase rhythm, whatever the
     * re-entry policy, so a reminder for the same expected purchase never goes twice.
     */
    public int enterReplenishments() {
        Instant now = clock.instant();
        int started = 0;
        for (JourneyRepository.Journey journey : journeys.live()) {
            JourneyDefinition definition = runner.definition(journey.id(), journey.version());
            if (definition.entry().type() != JourneyDefinition.EntryType.REPLENISHMENT_DUE) {
                continue;
            }
            for (Replenishment due : purchases.expectedBetween(
                    now.minus(Duration.ofDays(7)),
                    now.plus(Duration.ofDays(definition.entry().daysBefore())),
                    10_000)) {
                String context = SendRules.replenishmentContext(due.sku(), due.nextExpectedAt());
                if (customers
                                .liveId(due.customerId())
                                .filter(due.customerId()::equals)
                                .isEmpty()
                        || journeys.enteredAbout(journey.id(), due.customerId(), context)
                        || (!definition.reentry() && journeys.everEntered(journey.id(), due.customerId()))) {
                    continue; // erased (their orders stay, pseudonymised), or reminded of this purchase already
                }
                if (journeys.start(
                        journey.id(), journey.version(), due.customerId(), definition.first(), now, now, context)) {
                    started++;
                }
            }
        }
        return started;
    }

    @ApplicationModuleListener
    void on(ReplySent reply) {
        if (reply.authorType() == ReplySent.Author.AGENT) {
            messages.contact(reply.customerId(), reply.occurredAt());
        }
    }

    /** Ends the runs that exit on this, for what happened after they started (a late sale from the past does not). */
    private void exit(UUID customerId, String reason, Instant happened) {
        Instant now = clock.instant();
        for (JourneyRepository.Instance instance : journeys.runningFor(customerId)) {
            if (instance.status().equals("sending") || happened.isBefore(instance.enteredAt())) {
                continue; // a send under way is moved on by the runner
            }
            if (runner.definition(instance.journeyId(), instance.version())
                    .exitOn()
                    .contains(reason)) {
                journeys.end(instance.id(), "exited", reason, now);
            }
        }
    }

    @EventListener
    void on(CustomersMerged merged) {
        journeys.fold(merged.mergedId(), merged.survivorId());
        messages.fold(merged.mergedId(), merged.survivorId());
    }

    @EventListener
    void on(CustomersUnmerged unmerged) {
        journeys.unfold(unmerged.survivorId(), unmerged.restoredId(), unmerged.restoredIds());
        messages.unfold(unmerged.survivorId(), unmerged.restoredId(), unmerged.restoredIds());
    }

    @Override
    public String kind() {
        return "marketing";
    }

    @Override
    public List<TimelineEntry> entries(TimelineQuery query) {
        UUID before = null;
        if (query.beforeId() != null) {
            try {
                before = UUID.fromString(query.beforeId());
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("cursor", "The cursor is not one this API gave out.");
            }
        }
        List<MarketingMessageView> rows = messages.ofCustomers(
                query.customerIds(),
                query.beforeAt(),
                before,
                query.channels().stream().map(ChannelType::code).toList(),
                query.limit());
        return rows.stream()
                .map(m -> new TimelineEntry(
                        m.at(),
                        "marketing",
                        m.channel(),
                        "marketing_" + m.status(),
                        summary(m),
                        m.id().toString(),
                        m.id().toString()))
                .toList();
    }

    private static String summary(MarketingMessageView m) {
        String channel = m.channel() == null ? "" : " by " + m.channel().label();
        return switch (m.status()) {
            case "sent", "delivered", "opened" -> "Marketing: step '" + m.stepId() + "' sent" + channel;
            case "clicked" -> "Marketing: step '" + m.stepId() + "' sent" + channel + ", link clicked";
            case "deferred" -> "Marketing: step '" + m.stepId() + "' waits for the end of quiet hours";
            case "skipped" ->
                "Marketing: step '" + m.stepId() + "' not sent (" + m.reason()
                        + (m.detail() == null ? "" : ": " + m.detail()) + ")";
            case "failed" -> "Marketing: step '" + m.stepId() + "' failed" + channel + " (" + m.detail() + ")";
            default -> "Marketing: step '" + m.stepId() + "' " + m.status();
        };
    }

    @Override
    public String section() {
        return "marketing";
    }

    @Override
    public Object export(Set<UUID> customerIds) {
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("journeys", journeys.of(customerIds));
        export.put("messages", messages.ofCustomers(customerIds, null, null, 10_000));
        return export;
    }

    @Override
    public void erase(Set<UUID> customerIds) {
        messages.erase(customerIds);
        journeys.erase(customerIds);
    }
}
