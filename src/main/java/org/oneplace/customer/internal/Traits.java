package org.oneplace.customer.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A customer's traits with, per key, the event time of the value kept. A write wins when it is at least as recent
 * as the value it replaces, so events arriving out of order (a batch from an app that was offline) never overwrite
 * newer facts with older ones.
 */
public final class Traits {

    /** Keys that are identifiers or consent, handled by resolution and the consent ledger rather than kept. */
    static final Set<String> NOT_TRAITS = Set.of("consents");

    private final Map<String, Object> values;
    private final Map<String, Long> times;

    private Traits(Map<String, Object> values, Map<String, Long> times) {
        this.values = values;
        this.times = times;
    }

    public static Traits read(JsonMapper json, String values, String times) {
        return new Traits(
                json.readValue(values, new TypeReference<LinkedHashMap<String, Object>>() {}),
                json.readValue(times, new TypeReference<LinkedHashMap<String, Long>>() {}));
    }

    /** Applies writes made at {@code at}; answers whether anything changed (a value or the time it was written). */
    public boolean apply(Map<String, ?> writes, Instant at) {
        boolean changed = false;
        long millis = at.toEpochMilli();
        for (Map.Entry<String, ?> write : writes.entrySet()) {
            String key = write.getKey();
            if (NOT_TRAITS.contains(key)) {
                continue;
            }
            Long kept = times.get(key);
            if (kept != null && kept > millis) {
                continue;
            }
            Object before = values.get(key);
            if (write.getValue() == null) {
                changed |= values.remove(key) != null;
            } else {
                values.put(key, write.getValue());
                changed |= !write.getValue().equals(before);
            }
            // a newer time for the same value is a change too: it must beat an older write arriving later
            changed |= kept == null || kept != millis;
            times.put(key, millis);
        }
        return changed;
    }

    /** Takes every key of {@code other} that is newer than (or missing from) this one's. */
    public void absorb(Traits other) {
        for (Map.Entry<String, Long> time : other.times.entrySet()) {
            Long kept = times.get(time.getKey());
            if (kept == null || kept < time.getValue()) {
                Object value = other.values.get(time.getKey());
                if (value == null) {
                    values.remove(time.getKey());
                } else {
                    values.put(time.getKey(), value);
                }
                times.put(time.getKey(), time.getValue());
            }
        }
        other.values.forEach(values::putIfAbsent);
    }

    /** Keeps only the keys written after {@code since}, then lays them over {@code base}: the undo of a merge. */
    public Traits writtenAfterOver(Instant since, Traits base) {
        Traits result = new Traits(new LinkedHashMap<>(base.values), new LinkedHashMap<>(base.times));
        long millis = since.toEpochMilli();
        times.forEach((key, time) -> {
            if (time > millis) {
                Object value = values.get(key);
                if (value == null) {
                    result.values.remove(key);
                } else {
                    result.values.put(key, value);
                }
                result.times.put(key, time);
            }
        });
        return result;
    }

    /** The name to show and search by: {@code name}, else first and last name. */
    public @Nullable String name() {
        Object name = values.get("name");
        if (name instanceof String s && !s.isBlank()) {
            return s.strip();
        }
        String first = text("firstName", "first_name");
        String last = text("lastName", "last_name");
        String joined = ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
        return joined.isEmpty() ? null : joined;
    }

    private @Nullable String text(String... keys) {
        for (String key : keys) {
            if (values.get(key) instanceof String s && !s.isBlank()) {
                return s.strip();
            }
        }
        return null;
    }

    public Map<String, Object> values() {
        return java.util.Collections.unmodifiableMap(values);
    }

    public String valuesJson(JsonMapper json) {
        return json.writeValueAsString(values);
    }

    public String timesJson(JsonMapper json) {
        return json.writeValueAsString(times);
    }
}
