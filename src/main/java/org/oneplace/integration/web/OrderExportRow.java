package org.oneplace.integration.web;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.Money;

/** An order as a CSV row: its lines as JSON. */
public record OrderExportRow(
        UUID id,
        long number,
        UUID customerId,
        String channel,
        String fulfilment,
        @Nullable String locationCode,
        String status,
        String paymentStatus,
        Money total,
        Money discount,
        Money refunded,
        String lines,
        Instant createdAt,
        Instant updatedAt) {}
