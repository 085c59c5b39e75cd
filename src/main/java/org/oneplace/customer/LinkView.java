package org.oneplace.customer;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Why an identifier belongs to a customer.
 *
 * @param rule how it joined: {@code created} (it created the customer), {@code attached} (a new identifier arriving
 *     with known ones), {@code merged} (it came with a merged customer), {@code manual} (added by a person or the
 *     API), {@code displaced-claim} (a verified owner took over an unverified claim)
 * @param source where the thing that brought it came from
 * @param sourceRef the event, message or request id
 * @param firstCustomerId the customer it first joined (differs from the current one after a merge)
 * @param explanation the same in one sentence for a person
 */
public record LinkView(
        IdentifierType type,
        String value,
        boolean verified,
        Instant addedAt,
        String rule,
        String source,
        @Nullable String sourceRef,
        UUID firstCustomerId,
        @Nullable UUID mergeId,
        String explanation) {}
