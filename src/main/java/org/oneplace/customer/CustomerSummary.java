package org.oneplace.customer;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A customer in a search result: enough to recognise the person. */
public record CustomerSummary(UUID id, @Nullable String name, List<IdentifierView> identifiers, Instant createdAt) {}
