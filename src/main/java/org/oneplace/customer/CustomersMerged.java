package org.oneplace.customer;

import java.time.Instant;
import java.util.UUID;

/**
 * One customer was merged into another. Modules that keep data by customer id fold the merged customer's data into
 * the survivor. Published inside the merge's transaction: a plain {@code @EventListener} moves data atomically
 * with the merge, an {@code @ApplicationModuleListener} after the commit.
 */
public record CustomersMerged(UUID mergeId, UUID survivorId, UUID mergedId, Instant occurredAt) {}
