package org.oneplace.marketing.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.cart.CartService;
import org.oneplace.catalog.PricedLine;
import org.oneplace.catalog.PricingService;
import org.oneplace.consent.ConsentService;
import org.oneplace.conversation.ConversationService;
import org.oneplace.customer.Customers;
import org.oneplace.inventory.InventoryService;
import org.oneplace.marketing.MarketingSettings;
import org.oneplace.marketing.TemplateView;
import org.oneplace.marketing.internal.JourneyDefinition.EntryType;
import org.oneplace.marketing.internal.JourneyDefinition.Send;
import org.oneplace.marketing.internal.JourneyRepository.Instance;
import org.oneplace.order.Purchases;
import org.oneplace.routing.RoutingService;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.ConsentPurpose;
import org.springframework.stereotype.Component;

/**
 * The rules a journey's send is held to when it is due, in order: the journey's exits again (the events that end
 * runs may not have arrived), consent for the purpose on a channel of the step's list, something left to offer
 * (cart lines or a replenished product that can be bought now), the frequency cap across channels and journeys
 * with agents' replies counted, the journey's own cap, and quiet hours in the customer's zone — a send due then is
 * deferred, not dropped. Also what a message says about a replenishment run's product.
 */
@Component
class SendRules {

    private final SendRepository messages;
    private final MarketingRepository marketing;
    private final ConsentService consents;
    private final Customers customers;
    private final CartService carts;
    private final Purchases purchases;
    private final PricingService pricing;
    private final InventoryService inventory;
    private final ConversationService conversations;
    private final RoutingService routing;
    private final Clock clock;

    SendRules(
            SendRepository messages,
            MarketingRepository marketing,
            ConsentService consents,
            Customers customers,
            CartService carts,
            Purchases purchases,
            PricingService pricing,
            InventoryService inventory,
            ConversationService conversations,
            RoutingService routing,
            Clock clock) {
        this.messages = messages;
        this.marketing = marketing;
        this.consents = consents;
        this.customers = customers;
        this.carts = carts;
        this.purchases = purchases;
        this.pricing = pricing;
        this.inventory = inventory;
        this.conversations = conversations;
        this.routing = routing;
        this.clock = clock;
    }

    /**
     * For a cart journey: when the cart changed since the run started waiting (an event that has not pushed the
     * wait back yet), the wait goes on until the cart has been left alone long enough.
     */
    Optional<Instant> entryNotYet(Instance instance, JourneyDefinition definition) {
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

    /** Why a waiting entry no longer holds (the cart was emptied meanwhile), if it does not. */
    Optional<String> entryNoLongerHolds(Instance instance, JourneyDefinition definition) {
        if (definition.entry().type() == EntryType.CART_ABANDONED
                && carts.contents(instance.customerId()).lines().isEmpty()) {
            return Optional.of("cart_emptied");
        }
        return exitBeforeSend(instance, definition);
    }

    /** The journey's exits, checked again before every send (the events that end runs may not have arrived yet). */
    Optional<String> exitBeforeSend(Instance instance, JourneyDefinition definition) {
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

    Decision decide(Instance instance, JourneyDefinition definition, Send send, Instant now) {
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
        if (send.purpose() == ConsentPurpose.MARKETING && waitingForAnOverdueAnswer(customer)) {
            return new Decision.Skip(
                    "suppressed",
                    "the customer's open conversation has missed its SLA: no marketing while they wait for an answer");
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

    private boolean waitingForAnOverdueAnswer(UUID customer) {
        return conversations.openOf(customer).map(c -> routing.overdue(c.id())).orElse(false);
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

    ZoneId zone(UUID customer) {
        return Pacing.zone(
                customers.traits(customer).orElse(Map.of()),
                marketing.settings().defaultTimeZone());
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
    Composer.@Nullable Due due(Instance instance) {
        String sku = dueSku(instance);
        if (sku == null) {
            return null;
        }
        PricedLine line = pricing.price(Map.of(sku, 1), List.of()).lines().getFirst();
        Instant expected =
                Instant.parse(instance.context().substring(instance.context().lastIndexOf('|') + 1));
        return new Composer.Due(sku, line.name(), line.total(), line.unitPrice(), line.promotion(), expected);
    }

    static Locale locale(TemplateView template, Map<String, Object> traits) {
        String tag =
                template.locale() != null ? template.locale() : traits.get("locale") instanceof String s ? s : "en";
        Locale locale = Locale.forLanguageTag(tag.replace('_', '-'));
        return locale.getLanguage().isEmpty() ? Locale.ENGLISH : locale;
    }
}
