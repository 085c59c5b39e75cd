package org.oneplace.customer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A customer as every screen and client sees it.
 *
 * @param name the display name taken from the traits ({@code name}, or first and last name)
 * @param traits what the business knows about the person, each key last-write-wins by event time
 * @param mergedIds customers merged into this one; they keep answering with this one
 */
public record CustomerView(
        UUID id,
        Instant createdAt,
        @Nullable String name,
        List<IdentifierView> identifiers,
        Map<String, Object> traits,
        List<ConsentSummary> consents,
        List<UUID> mergedIds) {}
