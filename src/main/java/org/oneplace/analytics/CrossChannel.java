package org.oneplace.analytics;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How customers moved between channels in a period: who used several, and whether the context carried when they
 * switched (computed from the sessions, not the rollups).
 *
 * @param multiChannelCustomers customers with sessions on two or more channels in the period
 * @param carriedRate carried ÷ switches of the continuity audit, all channel pairs
 */
public record CrossChannel(
        Instant from,
        Instant to,
        long sessions,
        long customers,
        long multiChannelCustomers,
        @Nullable Double multiChannelShare,
        long switches,
        long carried,
        long repeated,
        @Nullable Double carriedRate) {}
