package org.oneplace.staff;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Whether someone takes conversations now, and how many at once.
 *
 * @param status {@code online} (assigned new conversations), {@code away} or {@code offline}
 */
public record Presence(UUID userId, String status, int capacity, Instant updatedAt) {

    public boolean available() {
        return "online".equals(status);
    }

    /** A change of one's own presence. */
    public record Change(
            @NotNull @Pattern(regexp = "online|away|offline", message = "must be online, away or offline")
            String status,

            @Nullable @Min(1) @Max(100) Integer capacity) {}
}
