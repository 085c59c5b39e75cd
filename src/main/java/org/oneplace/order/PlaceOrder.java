package org.oneplace.order;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.catalog.Sku;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Quantity;

/**
 * A checkout.
 *
 * @param channel where the customer bought: web, app, store, webchat …
 * @param lines what to buy; when absent, everything in the customer's cart
 * @param codes promotion codes the customer entered
 * @param payment what is known about the payment; pending when absent
 * @param placedAt when an in-store sale happened, for a till that sends its sales after the fact (offline, end of
 *     day); not in the future, at most three years back; now when absent. Only for {@code in_store}.
 */
public record PlaceOrder(
        @NotNull UUID customerId,
        @NotNull ChannelType channel,
        @NotNull @Valid Fulfilment fulfilment,
        @Nullable @Size(min = 1, max = 200) List<@Valid Line> lines,
        @Nullable @Size(max = 10) List<String> codes,
        @Nullable @Valid Payment payment,
        @Nullable Instant placedAt) {

    /** @param locationCode the store for pickup and in-store; for ship, optional (else Oneplace picks) */
    public record Fulfilment(
            @NotNull FulfilmentType type,
            @Nullable @Size(max = 40) String locationCode) {}

    public record Line(
            @NotNull @Pattern(regexp = Sku.PATTERN, message = Sku.RULE)
            String sku,

            @NotNull(message = Quantity.RULE) Quantity quantity) {}

    public record Payment(
            @NotNull PaymentStatus status,
            @Nullable @Size(max = 200) String reference) {}
}
