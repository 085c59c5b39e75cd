package org.oneplace.routing;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A conversation's SLA clocks; each target is {@code pending}, {@code met} or {@code breached}.
 *
 * @param paused whether the clocks stand still because the conversation waits on the customer
 */
public record SlaView(
        UUID conversationId,
        String policy,
        Target firstResponse,
        @Nullable Target nextResponse,
        @Nullable Target resolution,
        boolean paused,
        int escalations) {

    public record Target(@Nullable Instant due, @Nullable Instant at, String status) {}
}
