package org.oneplace.channel;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A webhook request as stored: the raw body and what is needed to read it again. */
public record StoredRequest(
        UUID eventId,
        String subPath,
        @Nullable String query,
        @Nullable String contentType,
        byte[] body,
        Instant receivedAt) {}
