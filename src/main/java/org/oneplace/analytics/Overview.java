package org.oneplace.analytics;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * All channels together for a period.
 *
 * @param multiChannelCustomers customers with sessions on two or more channels in the period
 * @param carriedRate carried ÷ switches of the continuity audit, all channel pairs
 */
public record Overview(
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
