package org.oneplace.routing;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An SLA policy: its targets as ISO-8601 durations, counted in its business hours. */
public record SlaPolicyView(
        UUID id,
        String name,
        @Nullable UUID teamId,
        Duration firstResponse,
        @Nullable Duration nextResponse,
        @Nullable Duration resolution,
        String timezone,
        Map<String, String> businessHours,
        List<LocalDate> holidays,
        Instant createdAt) {}
