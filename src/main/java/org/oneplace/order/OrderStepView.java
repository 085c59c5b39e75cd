package org.oneplace.order;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;

/** One step in an order's history. */
public record OrderStepView(
        Instant at,
        String type,
        OrderStatus status,
        @Nullable ChannelType channel,
        String summary,
        String actor) {}
