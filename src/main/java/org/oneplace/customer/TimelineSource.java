package org.oneplace.customer;

import java.util.List;

/**
 * A module's part of the customer timeline. The timeline asks every source for its newest entries before a
 * position and merges them, so each module keeps its own data and indexes and the timeline needs no copy.
 */
public interface TimelineSource {

    /** The kind this source contributes (e.g. {@code tracking}); lets a filtered timeline skip the source. */
    String kind();

    /** Up to {@code query.limit()} entries, newest first, ordered by {@code (at, id)} descending. */
    List<TimelineEntry> entries(TimelineQuery query);
}
