package org.oneplace.catalog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

public record ProductView(
        UUID id,
        String name,
        @Nullable String category,
        String description,
        List<VariantView> variants,
        Instant createdAt) {}
