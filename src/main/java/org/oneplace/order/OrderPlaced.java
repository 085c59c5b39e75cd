package org.oneplace.order;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Money;

/**
 * An order was placed on some channel (marketing attributes it, analytics counts it).
 *
 * @param units the items bought, all lines together
 * @param occurredAt when it was placed (a till's late sale: the time of the sale)
 * @param imported whether it is history brought in from another system (a bulk import) rather than a sale made through
 *     Oneplace: counted by analytics, not announced to integrators, who have it already
 */
public record OrderPlaced(
        UUID orderId,
        long number,
        UUID customerId,
        ChannelType channel,
        FulfilmentType fulfilment,
        @Nullable String locationCode,
        Money total,
        int units,
        Instant occurredAt,
        boolean imported) {}
