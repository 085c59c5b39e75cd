package org.oneplace.integration.web;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A customer as a CSV row: identifiers by type, traits, consents and merged ids as JSON. */
public record CustomerExportRow(
        UUID id,
        Instant createdAt,
        @Nullable String name,
        String emails,
        String phones,
        String userIds,
        String identifiers,
        String traits,
        String consents,
        String mergedIds) {}
