package org.oneplace.inventory;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

/**
 * A stock count: what is physically on hand now, and optionally the safety stock kept back from online promises.
 *
 * @param reason {@code count} (default) or {@code receipt}; recorded in the ledger
 */
public record SetStock(
        @NotNull @Min(0) @Max(MAX_ON_HAND) Integer onHand,
        @Nullable @Min(0) @Max(MAX_ON_HAND) Integer safetyStock,
        @Nullable String reason) {

    /** The most units of a SKU one location holds: counts and adjustments stay within it. */
    public static final int MAX_ON_HAND = 10_000_000;
}
