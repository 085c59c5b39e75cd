package org.oneplace.analytics;

import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;

/**
 * Customer service on a channel: the conversations opened in the period whose first customer message came through
 * it. Times are from the conversation's opening; null when nothing was measured.
 *
 * @param answered conversations an agent or a bot answered
 * @param surveyed conversations whose customer answered the satisfaction survey; {@code csat} is their average (1–5)
 * @param firstResponseSlaAttainment of the conversations under an SLA policy whose first-response target is settled
 *     (met or breached; pending ones wait), the share met; null when none is settled
 * @param resolutionSlaAttainment the same for the resolution target, where the policy sets one
 */
public record ServiceFigures(
        ChannelType channel,
        long conversations,
        long answered,
        @Nullable Double avgFirstResponseSeconds,
        @Nullable Double medianFirstResponseSeconds,
        long resolved,
        @Nullable Double avgResolutionSeconds,
        @Nullable Double medianResolutionSeconds,
        long surveyed,
        @Nullable Double csat,
        long firstResponseSlaMet,
        long firstResponseSlaBreached,
        @Nullable Double firstResponseSlaAttainment,
        long resolutionSlaMet,
        long resolutionSlaBreached,
        @Nullable Double resolutionSlaAttainment) {}
