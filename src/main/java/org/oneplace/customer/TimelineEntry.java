package org.oneplace.customer;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;

/**
 * One thing on a customer's timeline.
 *
 * @param kind the family: {@code tracking}, {@code consent}, later {@code message}, {@code order}, …
 * @param type what exactly, e.g. {@code page_viewed}, {@code product_viewed}, {@code order_completed}
 * @param summary one line for a person
 * @param ref the id of the underlying record in its module
 * @param id a unique, time-ordered id of the entry, used as the paging tie-breaker
 */
public record TimelineEntry(
        Instant at, String kind, @Nullable ChannelType channel, String type, String summary, String ref, String id) {}
