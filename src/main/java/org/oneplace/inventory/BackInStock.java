package org.oneplace.inventory;

import java.time.Instant;

/** A SKU that could not be promised at a location can be again (a receipt, a count, a return). */
public record BackInStock(String sku, String locationCode, int available, Instant occurredAt) {}
