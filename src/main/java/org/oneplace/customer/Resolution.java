package org.oneplace.customer;

import java.util.List;
import java.util.UUID;

/**
 * The customer some identifiers resolved to.
 *
 * @param customerId the live customer
 * @param created whether it was created by this resolution
 * @param mergedIds customers merged into it by this resolution
 * @param conflicts identity conflicts recorded instead of merging (two user ids, limits)
 */
public record Resolution(UUID customerId, boolean created, List<UUID> mergedIds, List<String> conflicts) {

    public Resolution {
        mergedIds = List.copyOf(mergedIds);
        conflicts = List.copyOf(conflicts);
    }
}
