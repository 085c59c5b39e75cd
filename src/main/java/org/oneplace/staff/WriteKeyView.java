package org.oneplace.staff;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;

/**
 * A tracking write key: what a Segment-compatible SDK sends as its write key. It names the source channel the
 * events come from (web, app, store, …). Write keys only allow sending events and are visible in page sources,
 * so they are not treated as secrets.
 */
public record WriteKeyView(
        UUID id,
        String name,
        String key,
        ChannelType source,
        List<String> allowedOrigins,
        Instant createdAt,
        @Nullable Instant revokedAt) {

    public WriteKeyView {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    public boolean active() {
        return revokedAt == null;
    }

    /** Whether a browser page of this origin may send events with the key; any origin when none are listed. */
    public boolean allowsOrigin(String origin) {
        return allowedOrigins.isEmpty() || allowedOrigins.contains(origin.toLowerCase(java.util.Locale.ROOT));
    }
}
