package org.oneplace.shared;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One page of a list, with the cursor that fetches the next one ({@code null} on the last page). Every list in the
 * API pages this way: {@code ?limit=&cursor=} answering {@code {"items":[…],"nextCursor":…}}.
 */
public record Page<T>(List<T> items, @Nullable String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    /**
     * Builds a page from a query that fetched one row more than {@code limit}: the extra row only tells that another
     * page exists, and the cursor is taken from the last row kept.
     */
    public static <T> Page<T> of(List<T> fetched, int limit, Function<T, String> cursorOf) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<T> items = fetched.subList(0, limit);
        return new Page<>(items, cursorOf.apply(items.getLast()));
    }
}
