package org.oneplace.order;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * How often a customer buys a product again, from their orders on every channel (in store included): the median of
 * at least two intervals between purchases, and when the next one is expected.
 *
 * @param purchases how many orders contained it
 * @param typicalInterval the median interval between those orders
 */
public record Replenishment(
        UUID customerId,
        String sku,
        String name,
        int purchases,
        Duration typicalInterval,
        Instant lastPurchasedAt,
        Instant nextExpectedAt) {}
