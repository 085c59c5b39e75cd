package org.oneplace.marketing;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;

/**
 * One marketing message for a customer: sent (and what became of it), or why not.
 *
 * @param status {@code sent}, {@code delivered}, {@code opened}, {@code clicked}, {@code skipped}, {@code deferred}
 *     (waiting for quiet hours to end, until {@code dueAt}) or {@code failed}
 * @param reason why it was skipped or failed, as a code ({@code no_consent}, {@code frequency_cap} …); {@code detail}
 *     says it in words
 */
public record MarketingMessageView(
        UUID id,
        @Nullable UUID journeyId,
        @Nullable UUID broadcastId,
        String stepId,
        @Nullable ChannelType channel,
        String status,
        @Nullable String reason,
        @Nullable String detail,
        Instant at,
        @Nullable Instant dueAt,
        @Nullable UUID attributedOrderId) {}
