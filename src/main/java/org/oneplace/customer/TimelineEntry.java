package org.oneplace.customer;

import java.time.Instant;
import java.util.Map;
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
 * @param event for a tracked event, its name as the business sent it ({@code Product Viewed}, a page's name), which
 *     {@code type} normalises
 * @param properties for a tracked event, its key properties as sent (product, SKU, price, quantity, order, total,
 *     page path and title, search query); empty for other entries
 */
public record TimelineEntry(
        Instant at,
        String kind,
        @Nullable ChannelType channel,
        String type,
        String summary,
        String ref,
        String id,
        @Nullable String event,
        Map<String, Object> properties) {

    public TimelineEntry {
        properties = Map.copyOf(properties);
    }

    /** An entry without the sender's own words (everything but tracked events). */
    public TimelineEntry(
            Instant at,
            String kind,
            @Nullable ChannelType channel,
            String type,
            String summary,
            String ref,
            String id) {
        this(at, kind, channel, type, summary, ref, id, null, Map.of());
    }
}
