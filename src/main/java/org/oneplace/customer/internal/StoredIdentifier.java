package org.oneplace.customer.internal;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.customer.IdentifierType;

/** A row of {@code customer_identifier}. */
public record StoredIdentifier(
        UUID id,
        UUID customerId,
        IdentifierType type,
        String value,
        boolean verified,
        Instant addedAt,
        String rule,
        String source,
        @Nullable String sourceRef,
        UUID firstCustomerId,
        @Nullable UUID mergeId) {

    public String key() {
        return type.key(value);
    }
}
