package org.oneplace.inventory;

/** Units of a SKU at a location: what a reservation or sale takes. */
public record StockLine(String sku, String locationCode, int quantity) {}
