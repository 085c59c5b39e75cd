package org.oneplace.inventory;

/** How many units of a SKU a location can promise, and how far it is from the asker. */
public record AvailabilityView(
        String locationCode, String name, LocationType type, boolean pickup, double distanceKm, int available) {}
