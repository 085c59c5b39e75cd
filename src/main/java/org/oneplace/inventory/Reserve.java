package org.oneplace.inventory;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.Quantity;

/**
 * Holds units at a location for a while (a checkout in progress on a storefront, a hold for a customer).
 *
 * @param ttlSeconds how long the hold lasts; the default is the configured reservation time-to-live
 * @param reference what the hold is for, e.g. a storefront's checkout id
 */
public record Reserve(
        @NotBlank @Size(max = 64) String sku,
        @NotBlank @Size(max = 40) String locationCode,
        @NotNull(message = Quantity.RULE) Quantity quantity,
        @Nullable @Min(1) @Max(86_400 * 30) Integer ttlSeconds,
        @Nullable @Size(max = 200) String reference) {}
