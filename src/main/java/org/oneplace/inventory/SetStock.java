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
        @NotNull @Min(0) @Max(10_000_000) Integer onHand,
        @Nullable @Min(0) @Max(10_000_000) Integer safetyStock,
        @Nullable String reason) {}
