package org.oneplace.cart;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.Money;

/** A customer's cart as every channel sees it; totals are null while it is empty. */
public record CartView(
        UUID customerId,
        List<CartLineView> lines,
        @Nullable Money subtotal,
        @Nullable Money discount,
        @Nullable Money total,
        @Nullable Instant updatedAt) {}
