package org.oneplace.catalog;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.oneplace.shared.Quantity;

/** A SKU and how many, to be priced. */
public record QuoteLine(
        @NotNull @Pattern(regexp = Sku.PATTERN, message = Sku.RULE)
        String sku,

        @NotNull(message = Quantity.RULE) Quantity quantity) {}
