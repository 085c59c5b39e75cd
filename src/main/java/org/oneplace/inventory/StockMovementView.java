package org.oneplace.inventory;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One ledger line: how on hand and reserved changed, why, and for what. */
public record StockMovementView(
        long id,
        String sku,
        String locationCode,
        int onHandDelta,
        int reservedDelta,
        String reason,
        @Nullable String reference,
        Instant at) {}
