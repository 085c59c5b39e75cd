package org.oneplace.platform;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One row of the audit log as read back. {@code before} and {@code after} are JSON documents. */
public record AuditEntryView(
        UUID id,
        Instant occurredAt,
        String actorType,
        @Nullable String actorId,
        String actorName,
        String action,
        String objectType,
        String objectId,
        @Nullable String before,
        @Nullable String after,
        @Nullable String sourceIp) {}
