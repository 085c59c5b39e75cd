package org.oneplace.cart;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.Money;

/**
 * A cart line priced by the catalog.
 *
 * @param available units that can be promised across all locations
 * @param outOfStock true when none can: the line stays, flagged, for the customer to decide
 */
public record CartLineView(
        String sku,
        String name,
        Map<String, String> options,
        int quantity,
        Money unitPrice,
        Money discount,
        Money total,
        @Nullable String promotion,
        int available,
        boolean outOfStock,
        Instant addedAt) {}
