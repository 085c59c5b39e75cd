package org.oneplace.catalog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.Money;

public record PromotionView(
        UUID id,
        String name,
        PromotionType type,
        @Nullable Integer percentOff,
        @Nullable Money amountOff,
        List<String> skus,
        List<UUID> productIds,
        List<String> categories,
        @Nullable String code,
        @Nullable Instant startsAt,
        @Nullable Instant endsAt,
        boolean active,
        Instant createdAt) {

    /** Whether it is running at this instant (active and inside its window). */
    public boolean runningAt(Instant at) {
        return active && (startsAt == null || !at.isBefore(startsAt)) && (endsAt == null || at.isBefore(endsAt));
    }

    /** Whether it applies to this variant. */
    public boolean covers(VariantView variant) {
        if (skus.isEmpty() && productIds.isEmpty() && categories.isEmpty()) {
            return true;
        }
        return skus.contains(variant.sku())
                || productIds.contains(variant.productId())
                || (variant.category() != null && categories.contains(variant.category()));
    }
}
