package org.oneplace.catalog;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.Money;

/**
 * One sellable variant of a product.
 *
 * @param sku the stock-keeping unit, unique across the catalog
 * @param options what distinguishes the variant, e.g. {@code {"size":"M","colour":"red"}}
 * @param price the price-book price per unit, in minor units
 */
public record CreateVariant(
        @NotNull @Pattern(regexp = Sku.PATTERN, message = Sku.RULE)
        String sku,

        @Nullable @Size(max = 10) Map<String, String> options,
        @NotNull Money price) {}
