package org.oneplace.marketing;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A journey: its status ({@code draft}, {@code live}, {@code paused}), the version new entries take and that
 * version's definition.
 */
public record JourneyView(
        UUID id, String name, String status, int version, JsonNode definition, Instant createdAt, Instant updatedAt) {}
