package org.oneplace.analytics;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;

/**
 * A switch where the customer had to repeat themselves, for a manager to open.
 *
 * @param reason {@code not_recognised} (the session began as a new profile, merged later), {@code new_conversation}
 *     (a second conversation while the first was open) or {@code restated} (the customer gave an order number or
 *     e-mail address already on record)
 * @param why the reason in words
 */
public record ContinuityExample(
        UUID customerId,
        ChannelType fromChannel,
        Instant fromStartedAt,
        ChannelType channel,
        Instant startedAt,
        @Nullable UUID conversationId,
        String reason,
        String why) {}
