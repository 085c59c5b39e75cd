package org.oneplace.analytics;

import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;

/**
 * The continuity audit of switches from {@code fromChannel} to {@code channel}: the customer's next session came on
 * {@code channel} within the switch window.
 *
 * @param recognised switches whose session on {@code channel} began with a customer already known, with history
 * @param carried switches where the context carried over: recognised, and no second conversation was opened while
 *     the first was open
 * @param repeated switches where the customer had to repeat themselves ({@code switches - carried})
 */
public record Continuity(
        ChannelType channel,
        ChannelType fromChannel,
        long switches,
        long recognised,
        long carried,
        long repeated,
        @Nullable Double recognisedRate,
        @Nullable Double carriedRate,
        @Nullable Double repeatedRate) {}
