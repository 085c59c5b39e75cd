package org.oneplace.customer.internal;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A row of {@code customer}; traits as JSON text. */
public record StoredCustomer(
        UUID id,
        Instant createdAt,
        @Nullable UUID mergedInto,
        @Nullable Instant erasedAt,
        @Nullable String name,
        String traits,
        String traitTimes) {

    public boolean live() {
        return mergedInto == null && erasedAt == null;
    }
}
