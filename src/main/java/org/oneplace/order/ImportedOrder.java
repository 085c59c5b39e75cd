package org.oneplace.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;

/**
 * An order from another system's history, brought in by a bulk import: what was bought, where, when and at what
 * price then. It moves no stock and is priced as it was, not by today's price book.
 *
 * @param externalRef the id the other system gave it: the same reference is never brought in twice
 * @param status completed, delivered or cancelled
 * @param unitPrices per SKU, in minor units of {@code currency}
 */
public record ImportedOrder(
        String externalRef,
        ChannelType channel,
        FulfilmentType fulfilment,
        @Nullable String locationCode,
        OrderStatus status,
        Instant placedAt,
        String currency,
        List<Line> lines) {

    public ImportedOrder {
        lines = List.copyOf(lines);
    }

    /** @param unitPrice in minor units */
    public record Line(String sku, int quantity, long unitPrice) {}

    /** What became of one: recorded now, there already, or refused with the field at fault. */
    public record Outcome(
            @Nullable UUID orderId,
            boolean created,
            @Nullable String field,
            @Nullable String problem) {}
}
