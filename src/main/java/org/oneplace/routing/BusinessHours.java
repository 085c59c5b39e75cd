package org.oneplace.routing;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.oneplace.shared.InvalidValueException;

/**
 * When the clock of an SLA runs: opening hours per weekday in a time zone, minus holidays. No hours at all means
 * around the clock. Answers "this much working time after that instant" and "working time between two instants".
 */
public record BusinessHours(ZoneId zone, Map<DayOfWeek, Window> hours, Set<LocalDate> holidays) {

    /** One day's opening, e.g. 09:00–17:00. */
    public record Window(LocalTime from, LocalTime to) {
        public Window {
            if (!to.isAfter(from)) {
                throw new InvalidValueException("Opening hours must end after they start: " + from + "-" + to);
            }
        }
    }

    public BusinessHours {
        hours = hours.isEmpty() ? Map.of() : new EnumMap<>(hours);
        holidays = Set.copyOf(holidays);
    }

    public static BusinessHours aroundTheClock() {
        return new BusinessHours(ZoneId.of("UTC"), Map.of(), Set.of());
    }

    /**
     * Reads {@code {"mon": "09:00-17:00", …}}.
     *
     * @throws IllegalArgumentException naming the day or time that is wrong
     */
    public static BusinessHours parse(String zone, Map<String, String> days, Set<LocalDate> holidays) {
        Map<DayOfWeek, Window> hours = new EnumMap<>(DayOfWeek.class);
        days.forEach((day, range) -> {
            DayOfWeek weekday = null;
            for (DayOfWeek d : DayOfWeek.values()) {
                if (d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equalsIgnoreCase(day)) {
                    weekday = d;
                }
            }
            if (weekday == null) {
                throw new InvalidValueException(
                        "'" + day + "' is not a weekday; use mon, tue, wed, thu, fri, sat, sun");
            }
            String[] parts = range.split("-");
            try {
                hours.put(weekday, new Window(LocalTime.parse(parts[0].strip()), LocalTime.parse(parts[1].strip())));
            } catch (RuntimeException e) {
                throw new InvalidValueException("'" + range + "' for " + day + " is not a range like 09:00-17:00", e);
            }
        });
        try {
            return new BusinessHours(ZoneId.of(zone), hours, holidays);
        } catch (java.time.DateTimeException e) {
            throw new InvalidValueException("'" + zone + "' is not a time zone, e.g. Europe/Berlin", e);
        }
    }

    /** The form {@link #parse} reads. */
    public Map<String, String> days() {
        Map<String, String> days = new LinkedHashMap<>();
        hours.forEach((d, w) -> days.put(
                d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT), w.from() + "-" + w.to()));
        return days;
    }

    private boolean aroundTheClockNow() {
        return hours.isEmpty() && holidays.isEmpty();
    }

    /** The instant when {@code amount} of working time has passed after {@code start}. */
    public Instant add(Instant start, Duration amount) {
        if (aroundTheClockNow()) {
            return start.plus(amount);
        }
        Duration left = amount;
        ZonedDateTime cursor = start.atZone(zone);
        for (int days = 0; days < 3660; days++) {
            LocalDate date = cursor.toLocalDate();
            Window window = open(date);
            if (window != null) {
                ZonedDateTime opens = date.atTime(window.from()).atZone(zone);
                ZonedDateTime closes = date.atTime(window.to()).atZone(zone);
                ZonedDateTime from = cursor.isAfter(opens) ? cursor : opens;
                if (from.isBefore(closes)) {
                    Duration available = Duration.between(from, closes);
                    if (available.compareTo(left) >= 0) {
                        return from.plus(left).toInstant();
                    }
                    left = left.minus(available);
                }
            }
            cursor = date.plusDays(1).atStartOfDay(zone);
        }
        throw new IllegalStateException("No working time within ten years; check the business hours");
    }

    /** The working time between two instants (zero when {@code to} is not after {@code from}). */
    public Duration between(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        if (aroundTheClockNow()) {
            return Duration.between(from, to);
        }
        Duration total = Duration.ZERO;
        ZonedDateTime cursor = from.atZone(zone);
        ZonedDateTime end = to.atZone(zone);
        while (cursor.isBefore(end)) {
            LocalDate date = cursor.toLocalDate();
            Window window = open(date);
            if (window != null) {
                ZonedDateTime opens = date.atTime(window.from()).atZone(zone);
                ZonedDateTime closes = date.atTime(window.to()).atZone(zone);
                ZonedDateTime a = cursor.isAfter(opens) ? cursor : opens;
                ZonedDateTime b = end.isBefore(closes) ? end : closes;
                if (b.isAfter(a)) {
                    total = total.plus(Duration.between(a, b));
                }
            }
            cursor = date.plusDays(1).atStartOfDay(zone);
        }
        return total;
    }

    private Window open(LocalDate date) {
        if (holidays.contains(date)) {
            return null;
        }
        if (hours.isEmpty()) {
            return new Window(LocalTime.MIN, LocalTime.MAX);
        }
        return hours.get(date.getDayOfWeek());
    }
}
