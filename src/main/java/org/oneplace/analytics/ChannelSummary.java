package org.oneplace.analytics;

import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Money;

/**
 * A channel's additive figures for a period, read from the rollups (so any period, a year included, answers fast);
 * the same definitions as {@link ChannelFigures}, without the figures that count distinct customers.
 */
public record ChannelSummary(
        ChannelType channel,
        long sessions,
        double avgSessionSeconds,
        @Nullable Double bounceRate,
        @Nullable Double conversionRate,
        long orders,
        @Nullable Money revenue,
        @Nullable Money averageOrderValue,
        long unitsSold,
        long unitsReturned,
        @Nullable Double productReturnRate,
        long unitsReturnedHere) {}
