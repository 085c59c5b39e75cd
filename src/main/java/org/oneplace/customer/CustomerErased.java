package org.oneplace.customer;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A customer's personal data was erased (GDPR Art. 17). Every module has already removed or pseudonymised its
 * rows for {@code customerIds} in the erasure's transaction; listeners tell integrators.
 */
public record CustomerErased(UUID customerId, Set<UUID> customerIds, Instant occurredAt) {

    public CustomerErased {
        customerIds = Set.copyOf(customerIds);
    }
}
