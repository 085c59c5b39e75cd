package org.oneplace.inventory;

import java.time.Instant;

/**
 * Stock of one SKU at one location.
 *
 * @param available what can still be promised: on hand − reserved − safety stock, never below zero
 */
public record StockLevelView(
        String sku, String locationCode, int onHand, int reserved, int safetyStock, int available, Instant updatedAt) {}
