package org.oneplace.marketing;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;

public record TemplateView(
        UUID id,
        String name,
        ChannelType channel,
        @Nullable String locale,
        @Nullable String subject,
        String body,
        Instant createdAt,
        Instant updatedAt) {}
