package org.oneplace.channel.internal;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Reading ids that providers echo back. */
public final class Ids {

    private Ids() {}

    /** The UUID a provider echoed back, or {@code null} when the value is absent or not ours. */
    public static @Nullable UUID uuidOrNull(@Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
