package org.oneplace.order;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.Money;

/** @param returned units already claimed by returns */
public record OrderLineView(
        String sku,
        String name,
        Map<String, String> options,
        int quantity,
        Money unitPrice,
        Money discount,
        Money total,
        @Nullable String locationCode,
        int returned) {}
