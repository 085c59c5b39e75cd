package org.oneplace.cart;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;
import org.oneplace.catalog.Sku;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Quantity;

/**
 * Units of a SKU to add to the cart (added to what the line holds already).
 *
 * @param channel where the customer did it (web, app, store, webchat …), for the timeline
 */
public record AddCartLine(
        @NotNull @Pattern(regexp = Sku.PATTERN, message = Sku.RULE)
        String sku,

        @NotNull(message = Quantity.RULE) Quantity quantity,
        @Nullable ChannelType channel) {}
