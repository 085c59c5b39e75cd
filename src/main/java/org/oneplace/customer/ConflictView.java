package org.oneplace.customer;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Two customers that inbound identifiers tied together but that were not merged, left for a person to decide.
 *
 * @param reason why they were not merged, e.g. two different user ids
 */
public record ConflictView(
        UUID id,
        UUID customerId,
        UUID otherCustomerId,
        IdentifierType type,
        String value,
        String reason,
        String source,
        Instant detectedAt,
        @Nullable Instant resolvedAt) {}
