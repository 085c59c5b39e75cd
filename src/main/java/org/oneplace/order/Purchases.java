package org.oneplace.order;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.customer.CustomerException;
import org.oneplace.customer.Customers;
import org.oneplace.order.internal.PurchaseRepository;
import org.oneplace.shared.CustomerFilter;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What customers bought, as other modules ask it (module API; no permission checked: not for people): marketing's
 * exit on an order, its segment rules over orders, attribution.
 */
@Service
public class Purchases {

    private final PurchaseRepository purchases;
    private final Customers customers;

    Purchases(PurchaseRepository purchases, Customers customers) {
        this.purchases = purchases;
        this.customers = customers;
    }

    /** When the customer last placed an order (on any channel) after a moment, if they did. */
    @Transactional(readOnly = true)
    public Optional<Instant> placedSince(UUID customerId, Instant since) {
        return purchases.placedSince(customerId, since);
    }

    /**
     * Customers with at least {@code atLeast} orders since a moment (cancelled ones not counted), spending at least
     * {@code minorUnitsAtLeast} in them, and when {@code sku} is given, orders that contain it.
     */
    public CustomerFilter ordered(int atLeast, long minorUnitsAtLeast, Instant since, @Nullable String sku) {
        return purchases.ordered(atLeast, minorUnitsAtLeast, since, sku);
    }

    /** Products a customer buys on a rhythm, soonest expected first (for people: needs orders:read). */
    @PreAuthorize("hasAuthority('orders:read')")
    @Transactional(readOnly = true)
    public List<Replenishment> replenishment(UUID customerId) {
        UUID live = customers.liveId(customerId).orElseThrow(() -> CustomerException.unknownCustomer(customerId));
        return purchases.replenishment(live);
    }

    /** Every customer's products expected between two moments: the replenishment reminders due. */
    @Transactional(readOnly = true)
    public List<Replenishment> expectedBetween(Instant from, Instant to, int limit) {
        return purchases.expectedBetween(from, to, limit);
    }
}
