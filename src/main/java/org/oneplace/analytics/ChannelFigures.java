package org.oneplace.analytics;

import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Money;

/**
 * One channel's figures for a period (the README's "Analytics" defines each). Rates are fractions (0.25 = 25 %),
 * rounded to four places, and null where nothing could be divided (no sessions, nothing sold).
 *
 * @param bounceRate single-touch sessions ÷ sessions, for web and app (null on other channels)
 * @param customerConversionRate customers with a converted session ÷ customers
 * @param returningRate customers who were active on the channel in the returning window before ÷ customers
 * @param revenue the orders placed on the channel, in their currency (the largest, when there are several)
 * @param unitsReturned units returned in the period that were sold on this channel
 * @param productReturnRate unitsReturned ÷ unitsSold
 * @param unitsReturnedHere units that came back through this channel, whatever channel sold them
 */
public record ChannelFigures(
        ChannelType channel,
        long sessions,
        long customers,
        double avgSessionSeconds,
        double medianSessionSeconds,
        @Nullable Double bounceRate,
        @Nullable Double conversionRate,
        @Nullable Double customerConversionRate,
        @Nullable Double returningRate,
        long orders,
        @Nullable Money revenue,
        @Nullable Money averageOrderValue,
        long unitsSold,
        long unitsReturned,
        @Nullable Double productReturnRate,
        long unitsReturnedHere) {}
