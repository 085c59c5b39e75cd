package org.oneplace.catalog;

import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.Money;

/** A variant as clients and other modules see it: what it is and what it costs in the price book. */
public record VariantView(
        String sku,
        UUID productId,
        String productName,
        @Nullable String category,
        Map<String, String> options,
        Money price) {

    /** For people: {@code Trail Jacket (M)}, or {@code Trail Jacket (M, red)}. */
    public String label() {
        return options.isEmpty() ? productName : productName + " (" + String.join(", ", options.values()) + ")";
    }
}
