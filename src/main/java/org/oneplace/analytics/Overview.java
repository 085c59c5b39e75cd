package org.oneplace.analytics;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.Money;

/**
 * All channels for a period, from the rollups: whole days and hours from the buckets, a period's ragged edges from
 * the sessions and touches underneath, so the figures are exact for any period.
 *
 * @param revenue per currency, largest first
 * @param channels each channel with sessions or sales in the period
 */
public record Overview(
        Instant from,
        Instant to,
        long sessions,
        double avgSessionSeconds,
        @Nullable Double conversionRate,
        long orders,
        List<Money> revenue,
        long unitsSold,
        long unitsReturned,
        List<ChannelSummary> channels) {}
