package org.oneplace.order;

import java.time.Instant;
import java.util.UUID;

/** An order moved on (ready for pickup, collected, shipped, delivered, cancelled). */
public record OrderStatusChanged(
        UUID orderId, long number, UUID customerId, OrderStatus from, OrderStatus to, Instant occurredAt) {}
