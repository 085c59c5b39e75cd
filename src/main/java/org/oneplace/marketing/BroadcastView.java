package org.oneplace.marketing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;

/**
 * A broadcast and how it went.
 *
 * @param status {@code scheduled} (before {@code sendAt}), {@code sending}, {@code sent}, or {@code paused}
 * @param audience the members it was released to (0 until then); {@code report} counts what became of them
 */
public record BroadcastView(
        UUID id,
        String name,
        String status,
        UUID segmentId,
        UUID templateId,
        List<ChannelType> channels,
        Instant sendAt,
        int ratePerMinute,
        long audience,
        @Nullable StepReport report,
        Instant createdAt) {}
