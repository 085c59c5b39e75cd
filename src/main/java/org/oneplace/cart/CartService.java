package org.oneplace.cart;

import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.cart.internal.CartRepository;
import org.oneplace.catalog.PriceQuote;
import org.oneplace.catalog.PricedLine;
import org.oneplace.catalog.PricingService;
import org.oneplace.customer.CustomerException;
import org.oneplace.customer.Customers;
import org.oneplace.inventory.InventoryService;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.CustomerFilter;
import org.oneplace.shared.Quantity;
import org.oneplace.shared.Uuid7;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * The one active cart of a customer. Every write locks the customer against a concurrent merge first (key share),
 * so a line added to a customer being merged away lands on the survivor instead of being left behind.
 */
@Service
@Validated
public class CartService {

    private final CartRepository carts;
    private final Customers customers;
    private final PricingService pricing;
    private final InventoryService inventory;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CartService(
            CartRepository carts,
            Customers customers,
            PricingService pricing,
            InventoryService inventory,
            ApplicationEventPublisher events,
            Clock clock) {
        this.carts = carts;
        this.customers = customers;
        this.pricing = pricing;
        this.inventory = inventory;
        this.events = events;
        this.clock = clock;
    }

    @PreAuthorize("hasAuthority('orders:read')")
    @Transactional(readOnly = true)
    public CartView cart(UUID customerId) {
        return view(customers.liveId(customerId).orElseThrow(() -> CustomerException.unknownCustomer(customerId)));
    }

    @PreAuthorize("hasAuthority('orders:write')")
    @Transactional
    public CartView add(UUID customerId, @Valid AddCartLine command) {
        UUID live = lockLive(customerId);
        Instant now = clock.instant();
        // priced before it is stored: an unknown SKU or a second currency is refused with the catalog's reason
        Map<String, Integer> quantities = quantities(live);
        quantities.merge(command.sku(), command.quantity().value(), Integer::sum);
        pricing.price(quantities, List.of());
        if (carts.add(live, command.sku(), command.quantity().value(), Quantity.MAX, now) < 0) {
            throw CartException.tooMany(command.sku(), Quantity.MAX);
        }
        record(live, now, "added", command.sku(), command.quantity().value(), command.channel());
        return changed(live, now);
    }

    @PreAuthorize("hasAuthority('orders:write')")
    @Transactional
    public CartView set(UUID customerId, String sku, @Valid SetCartLine command) {
        UUID live = lockLive(customerId);
        Instant now = clock.instant();
        if (!carts.set(live, sku, command.quantity().value(), now)) {
            throw CartException.notInCart(sku);
        }
        record(live, now, "changed", sku, command.quantity().value(), command.channel());
        return changed(live, now);
    }

    @PreAuthorize("hasAuthority('orders:write')")
    @Transactional
    public CartView remove(UUID customerId, String sku, @Nullable ChannelType channel) {
        UUID live = lockLive(customerId);
        int removed = carts.remove(live, sku);
        if (removed == 0) {
            throw CartException.notInCart(sku);
        }
        Instant now = clock.instant();
        record(live, now, "removed", sku, removed, channel);
        return changed(live, now);
    }

    /**
     * The cart as other modules read it (marketing's abandoned-cart message), priced and with stock; module API, no
     * permission checked: not for people. An unknown or erased customer has an empty cart.
     */
    @Transactional(readOnly = true)
    public CartView contents(UUID customerId) {
        return view(customers.liveId(customerId).orElse(customerId));
    }

    /** Customers whose cart has lines and has not changed since a moment: the abandoned-cart audience. */
    public CustomerFilter idleSince(Instant before) {
        return carts.idleFilter(before);
    }

    /** The cart's SKUs and quantities (for checkout); empty when the customer has no cart. */
    @Transactional(readOnly = true)
    public Map<String, Integer> quantities(UUID customerId) {
        Map<String, Integer> quantities = new LinkedHashMap<>();
        customers
                .liveId(customerId)
                .ifPresent(live -> carts.lines(live).forEach(l -> quantities.put(l.sku(), l.quantity())));
        return quantities;
    }

    /**
     * Units bought (online or at a till) leave the cart, in the buyer's transaction: the jacket bought in the store
     * is no longer waiting in the online cart.
     */
    @Transactional
    public void purchased(UUID customerId, Map<String, Integer> quantities, @Nullable ChannelType channel) {
        customers.liveId(customerId).ifPresent(live -> {
            Instant now = clock.instant();
            boolean took = false;
            for (Map.Entry<String, Integer> line : quantities.entrySet()) {
                int taken = carts.takeOff(live, line.getKey(), line.getValue(), now);
                if (taken > 0) {
                    record(live, now, "purchased", line.getKey(), taken, channel);
                    took = true;
                }
            }
            if (took) {
                events.publishEvent(new CartChanged(live, carts.lines(live).size(), now));
            }
        });
    }

    private UUID lockLive(UUID customerId) {
        UUID live = customers.liveId(customerId).orElseThrow(() -> CustomerException.unknownCustomer(customerId));
        Set<UUID> locked = customers.lockLiveShared(Set.of(live));
        if (locked.contains(live)) {
            return live;
        }
        // merged away between the two reads: the survivor is live now and locked on the retry's read
        UUID survivor = customers.liveId(live).orElseThrow(() -> CustomerException.unknownCustomer(customerId));
        customers.lockLiveShared(Set.of(survivor));
        return survivor;
    }

    private void record(
            UUID customerId, Instant at, String type, String sku, int quantity, @Nullable ChannelType channel) {
        carts.record(new CartRepository.Activity(
                Uuid7.next(), customerId, at, type, sku, quantity, channel == null ? null : channel.code()));
    }

    private CartView changed(UUID live, Instant at) {
        CartView view = view(live);
        events.publishEvent(new CartChanged(live, view.lines().size(), at));
        return view;
    }

    private CartView view(UUID live) {
        List<CartRepository.Line> lines = carts.lines(live);
        if (lines.isEmpty()) {
            return new CartView(live, List.of(), null, null, null, null);
        }
        Map<String, Integer> quantities = new LinkedHashMap<>();
        lines.forEach(l -> quantities.put(l.sku(), l.quantity()));
        PriceQuote quote = pricing.price(quantities, List.of());
        Map<String, Integer> available = inventory.availableTotals(quantities.keySet());
        Map<String, PricedLine> priced = new LinkedHashMap<>();
        quote.lines().forEach(p -> priced.put(p.sku(), p));
        List<CartLineView> views = new ArrayList<>();
        Instant updated = Instant.EPOCH;
        for (CartRepository.Line line : lines) {
            PricedLine p = priced.get(line.sku());
            int units = available.getOrDefault(line.sku(), 0);
            views.add(new CartLineView(
                    line.sku(),
                    p.name(),
                    p.options(),
                    line.quantity(),
                    p.unitPrice(),
                    p.discount(),
                    p.total(),
                    p.promotion(),
                    units,
                    units == 0,
                    line.addedAt()));
            updated = line.updatedAt().isAfter(updated) ? line.updatedAt() : updated;
        }
        return new CartView(live, views, quote.subtotal(), quote.discount(), quote.total(), updated);
    }
}
