package org.oneplace.customer;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;

/**
 * Entries of one customer strictly before a position, newest first.
 *
 * @param customerIds the customer and every customer merged into it
 * @param beforeAt with {@code beforeId}: the position of the last entry already shown; null for the first page
 * @param channels only these channels; empty for all
 * @param kinds only these kinds; empty for all
 * @param limit how many entries at most
 */
public record TimelineQuery(
        Set<UUID> customerIds,
        @Nullable Instant beforeAt,
        @Nullable String beforeId,
        Set<ChannelType> channels,
        Set<String> kinds,
        int limit) {

    public boolean wants(String kind) {
        return kinds.isEmpty() || kinds.contains(kind);
    }
}
