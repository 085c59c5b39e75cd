package org.oneplace.inventory;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A hold on units; {@code status} is {@code active}, {@code committed}, {@code released} or {@code expired}. */
public record ReservationView(
        UUID id,
        String sku,
        String locationCode,
        int quantity,
        String reference,
        String status,
        @Nullable Instant expiresAt,
        Instant createdAt) {}
