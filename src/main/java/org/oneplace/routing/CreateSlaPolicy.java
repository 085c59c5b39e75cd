package org.oneplace.routing;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An SLA policy. Durations are ISO-8601 ({@code PT1H}); {@code businessHours} maps weekdays to ranges
 * ({@code {"mon": "09:00-17:00"}}), none = around the clock; {@code teamId} null = the default policy.
 */
public record CreateSlaPolicy(
        @NotBlank @Size(max = 100) String name,
        @Nullable UUID teamId,
        @NotNull Duration firstResponse,
        @Nullable Duration nextResponse,
        @Nullable Duration resolution,
        @Nullable @Size(max = 64) String timezone,
        @Nullable Map<String, String> businessHours,
        @Nullable @Size(max = 366) List<LocalDate> holidays) {}
