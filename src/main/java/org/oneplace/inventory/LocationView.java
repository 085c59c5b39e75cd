package org.oneplace.inventory;

import java.time.Instant;
import java.util.Map;

public record LocationView(
        String code,
        String name,
        LocationType type,
        double latitude,
        double longitude,
        boolean pickup,
        Map<String, String> openingHours,
        Instant createdAt) {}
