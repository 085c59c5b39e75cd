package org.oneplace.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Money;

public record OrderView(
        UUID id,
        long number,
        UUID customerId,
        @Nullable String customerName,
        ChannelType channel,
        FulfilmentType fulfilment,
        @Nullable String locationCode,
        OrderStatus status,
        PaymentStatus paymentStatus,
        @Nullable String paymentReference,
        List<OrderLineView> lines,
        Money subtotal,
        Money discount,
        Money total,
        Money refunded,
        List<String> codes,
        List<OrderStepView> history,
        Instant createdAt,
        Instant updatedAt) {}
