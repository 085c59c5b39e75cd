package org.oneplace.marketing;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A segment with the number of customers in it now. */
public record SegmentView(UUID id, String name, JsonNode rules, long count, Instant createdAt, Instant updatedAt) {}
