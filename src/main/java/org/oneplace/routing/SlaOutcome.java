package org.oneplace.routing;

import org.jspecify.annotations.Nullable;

/**
 * A conversation's SLA targets as they stand: {@code met}, {@code breached} or {@code pending}.
 *
 * @param resolution null when the policy sets no resolution target
 */
public record SlaOutcome(String firstResponse, @Nullable String resolution) {}
