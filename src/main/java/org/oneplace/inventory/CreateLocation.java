package org.oneplace.inventory;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A store or warehouse.
 *
 * @param code a short code the business uses, e.g. {@code S1} or {@code BERLIN-MITTE}
 * @param pickup whether customers can collect orders here
 * @param openingHours free-form per day, e.g. {@code {"mon":"09:00-20:00","sun":"closed"}}
 */
public record CreateLocation(
        @NotNull
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9_-]{0,39}", message = "must be 1 to 40 letters, digits, '-' or '_'")
        String code,

        @NotBlank @Size(max = 200) String name,
        @NotNull LocationType type,
        @NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
        @NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude,
        @NotNull Boolean pickup,
        @Nullable @Size(max = 14) Map<String, @Size(max = 100) String> openingHours) {}
