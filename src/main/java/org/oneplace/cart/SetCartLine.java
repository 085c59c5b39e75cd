package org.oneplace.cart;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Quantity;

/** The number of units a cart line should hold. */
public record SetCartLine(
        @NotNull(message = Quantity.RULE) Quantity quantity,
        @Nullable ChannelType channel) {}
