package org.oneplace.marketing;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/**
 * A segment: an audience defined by rules (see the README's "Segment rules").
 *
 * @param rules {@code {"all": [...]}}, {@code {"any": [...]}}, {@code {"not": rule}} or one condition
 */
public record SegmentRequest(
        @NotBlank @Size(max = 200) String name, @NotNull JsonNode rules) {}
