package org.oneplace.customer;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A merge of one customer into another.
 *
 * @param cause {@code automatic} (identity resolution) or {@code manual}
 * @param actor who merged: a staff user's email, or the source of the inbound thing for automatic merges
 * @param identifiers the identifiers that moved to the survivor ({@code type:value})
 */
public record MergeView(
        UUID id,
        UUID survivorId,
        UUID mergedId,
        String reason,
        String cause,
        String actor,
        List<String> identifiers,
        Instant mergedAt,
        @Nullable Instant undoneAt) {}
