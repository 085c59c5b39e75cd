package org.oneplace.integration.web;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A product as a CSV row: its variants (SKU, options, price) as a JSON cell. */
public record ProductExportRow(
        UUID id, String name, @Nullable String category, String description, String variants, Instant createdAt) {}
