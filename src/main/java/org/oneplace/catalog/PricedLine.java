package org.oneplace.catalog;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.Money;

/**
 * One priced line: the price-book unit price, the discount of the best promotion that applies (promotions do not
 * stack on a line), and what the customer pays for the line.
 */
public record PricedLine(
        String sku,
        String name,
        Map<String, String> options,
        int quantity,
        Money unitPrice,
        Money discount,
        Money total,
        @Nullable String promotion) {}
