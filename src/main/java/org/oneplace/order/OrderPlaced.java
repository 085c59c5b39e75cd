package org.oneplace.order;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Money;

/** An order was placed on some channel (marketing attributes it, analytics counts it). */
public record OrderPlaced(
        UUID orderId,
        long number,
        UUID customerId,
        ChannelType channel,
        FulfilmentType fulfilment,
        @Nullable String locationCode,
        Money total,
        Instant occurredAt) {}
