package org.oneplace.fulfilment;

import java.time.Instant;
import java.util.UUID;

/** An order waits at a store's counter; the customer should be told, with the code and the deadline. */
public record PickupReady(
        UUID orderId,
        long number,
        UUID customerId,
        String locationCode,
        String locationName,
        String code,
        Instant deadline,
        Instant occurredAt) {}
