package org.oneplace.analytics;

import java.time.Instant;
import java.util.List;

/** A report over sessions that started in {@code [from, to)}. */
public record Report<T>(Instant from, Instant to, List<T> items) {}
