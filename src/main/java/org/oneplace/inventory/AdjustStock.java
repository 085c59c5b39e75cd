package org.oneplace.inventory;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A change of stock on hand by some units: a receipt (+), damage or loss (−).
 *
 * @param delta units added (positive) or removed (negative), never zero
 * @param reason why, for the ledger: {@code receipt}, {@code damage}, {@code loss}, {@code transfer} …
 */
public record AdjustStock(
        @NotNull @Min(-1_000_000) @Max(1_000_000) Integer delta,
        @NotBlank @Size(max = 40) String reason,
        @Nullable @Size(max = 200) String reference) {}
