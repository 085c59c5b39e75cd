package org.oneplace.cart;

import java.time.Instant;
import java.util.UUID;

/**
 * A customer's cart changed: a line added, changed or removed, or units bought out of it. Marketing starts and ends
 * abandoned-cart journeys on it; {@code lines} is what is left, 0 when the cart is now empty.
 */
public record CartChanged(UUID customerId, int lines, Instant occurredAt) {

    public boolean emptied() {
        return lines == 0;
    }
}
