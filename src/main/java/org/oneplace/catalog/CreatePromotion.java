package org.oneplace.catalog;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.Money;

/**
 * A promotion. It applies to the SKUs, products and categories named (any of them), or to the whole catalog when
 * none is named; automatically when it has no code, else when the code is given; inside its time window.
 *
 * @param percentOff for {@code percentage}: 1–100
 * @param amountOff for {@code fixed}: taken off each unit (never below zero), in the currency of the prices it meets
 */
public record CreatePromotion(
        @NotBlank @Size(max = 200) String name,
        @NotNull PromotionType type,
        @Nullable @Min(1) @Max(100) Integer percentOff,
        @Nullable Money amountOff,
        @Nullable @Size(max = 1000) List<@Pattern(regexp = Sku.PATTERN, message = Sku.RULE) String> skus,
        @Nullable @Size(max = 1000) List<UUID> productIds,
        @Nullable @Size(max = 100) List<@NotBlank String> categories,

        @Nullable @Pattern(regexp = "[A-Za-z0-9_-]{3,40}", message = "must be 3 to 40 letters, digits, '-' or '_'")
        String code,

        @Nullable Instant startsAt,
        @Nullable Instant endsAt) {}
