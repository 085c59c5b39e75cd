package org.oneplace.shared;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A condition on customers as SQL: one statement selecting the ids of the (live) customers that meet it, with its
 * named parameters. The module that owns the data writes it over its own tables; marketing's segments combine them
 * into one statement PostgreSQL plans as a whole — never a list of customers in memory.
 *
 * @param sql a {@code SELECT customer_id …} whose parameters are written {@code :name}
 */
public record CustomerFilter(String sql, Map<String, Object> params) {

    public CustomerFilter {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * The same condition with its parameters renamed {@code :prefix_name}, so several filters share one statement.
     */
    public CustomerFilter prefixed(String prefix) {
        String renamed = sql;
        Map<String, Object> values = new LinkedHashMap<>();
        // longest first, so :since is not renamed inside :since_day
        for (String name : params.keySet().stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList()) {
            renamed = renamed.replaceAll(":" + name + "\\b", ":" + prefix + "_" + name);
            values.put(prefix + "_" + name, params.get(name));
        }
        return new CustomerFilter(renamed, values);
    }
}
