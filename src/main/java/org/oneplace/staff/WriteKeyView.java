package org.oneplace.staff;

import java.time.Instant;
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
        Instant createdAt,
        @Nullable Instant revokedAt) {

    public boolean active() {
        return revokedAt == null;
    }
}
