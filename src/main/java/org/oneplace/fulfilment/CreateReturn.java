package org.oneplace.fulfilment;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Quantity;

/**
 * A return, started on any channel for an order from any channel.
 *
 * @param customerId when given, the order must be this customer's (else 404: someone else's order is not found)
 * @param channel where the return was started: store, webchat, email …
 */
public record CreateReturn(
        @NotNull UUID orderId,
        @Nullable UUID customerId,
        @NotEmpty @Size(max = 200) List<@Valid Line> lines,
        @Nullable @Size(max = 1000) String reason,
        @Nullable ChannelType channel) {

    public record Line(
            @NotNull @Size(min = 1, max = 64) String sku,
            @NotNull(message = Quantity.RULE) Quantity quantity) {}
}
