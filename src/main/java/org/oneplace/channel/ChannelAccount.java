package org.oneplace.channel;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;

/**
 * A connected account with all its settings, secrets included: what adapters work with. Never serialised, never
 * logged ({@link #toString()} leaves the settings out); the API shows {@link ChannelView}.
 */
public record ChannelAccount(UUID id, ChannelType type, String name, Map<String, String> settings, Instant createdAt) {

    public ChannelAccount {
        settings = Map.copyOf(settings);
    }

    public @Nullable String setting(String key) {
        String value = settings.get(key);
        return value == null || value.isBlank() ? null : value;
    }

    public String setting(String key, String fallback) {
        String value = setting(key);
        return value == null ? fallback : value;
    }

    @Override
    public String toString() {
        return "ChannelAccount[" + type.code() + " '" + name + "' " + id + "]";
    }
}
