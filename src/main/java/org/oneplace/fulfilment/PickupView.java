package org.oneplace.fulfilment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.order.OrderLineView;
import org.oneplace.shared.Money;

/**
 * A pickup order as the counter sees it.
 *
 * @param status {@code waiting} (placed, being prepared), {@code ready}, {@code collected} or {@code cancelled}
 * @param code the pickup code the customer was given; shown to staff so they can match it
 * @param notice how the customer was told: {@code sent by email}, {@code not sent: …}
 */
public record PickupView(
        UUID orderId,
        long number,
        UUID customerId,
        @Nullable String customerName,
        String locationCode,
        String status,
        List<OrderLineView> lines,
        Money total,
        Instant placedAt,
        @Nullable String code,
        @Nullable Instant readyAt,
        @Nullable Instant deadline,
        @Nullable String notice) {}
