package org.oneplace.order;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.order.internal.PurchaseRepository;
import org.oneplace.shared.CustomerFilter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What customers bought, as other modules ask it (module API; no permission checked: not for people): marketing's
 * exit on an order, its segment rules over orders, attribution.
 */
@Service
public class Purchases {

    private final PurchaseRepository purchases;

    Purchases(PurchaseRepository purchases) {
        this.purchases = purchases;
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
}
