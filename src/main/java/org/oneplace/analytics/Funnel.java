package org.oneplace.analytics;

import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;

/**
 * Where a channel's sessions drop out of the shopping funnel: each step counts the sessions that reached it and
 * every step before (a product viewed, added to the cart, a checkout started, an order on the channel).
 *
 * @param dropOff the step most sessions that reached the one before it did not reach: {@code viewed}, {@code
 *     carted}, {@code checkedOut} or {@code ordered}; null when no session viewed a product
 */
public record Funnel(
        ChannelType channel,
        long sessions,
        long viewed,
        long carted,
        long checkedOut,
        long ordered,
        @Nullable Double viewedToCarted,
        @Nullable Double cartedToCheckedOut,
        @Nullable Double checkedOutToOrdered,
        @Nullable String dropOff) {}
