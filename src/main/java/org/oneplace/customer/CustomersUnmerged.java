package org.oneplace.customer;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A merge was undone. Data that first belonged to any of {@code restoredIds} (the restored customer and the
 * customers merged into it before) and now sits on {@code survivorId} goes back to {@code restoredId}.
 */
public record CustomersUnmerged(
        UUID mergeId, UUID survivorId, UUID restoredId, Set<UUID> restoredIds, Instant occurredAt) {

    public CustomersUnmerged {
        restoredIds = Set.copyOf(restoredIds);
    }
}
