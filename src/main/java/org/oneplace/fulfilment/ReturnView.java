package org.oneplace.fulfilment;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Money;

/**
 * A return: {@code requested} until the goods arrive at a location, then {@code received} with the refund recorded.
 *
 * @param lines units per SKU
 */
public record ReturnView(
        UUID id,
        UUID orderId,
        String status,
        Map<String, Integer> lines,
        String reason,
        @Nullable ChannelType channel,
        Money refund,
        @Nullable String locationCode,
        Instant createdAt,
        @Nullable Instant receivedAt) {}
