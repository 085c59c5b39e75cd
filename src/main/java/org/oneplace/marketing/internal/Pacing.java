package org.oneplace.marketing.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.oneplace.marketing.MarketingSettings;

/**
 * When a marketing message may go: the customer's own time zone (their {@code timezone} trait, else the business's
 * default), quiet hours in it (a send due at night is deferred to the end of them, not dropped), and the next
 * local time of day for a wait {@code until}.
 */
public final class Pacing {

    private Pacing() {}

    /** The customer's zone: a valid {@code timezone} (or {@code timeZone}) trait, else the default. */
    public static ZoneId zone(Map<String, Object> traits, String defaultZone) {
        for (String key : new String[] {"timezone", "timeZone", "time_zone"}) {
            if (traits.get(key) instanceof String zone) {
                try {
                    return ZoneId.of(zone.strip());
                } catch (DateTimeException e) {
                    // not a zone: fall through to the default
                }
            }
        }
        try {
            return ZoneId.of(defaultZone);
        } catch (DateTimeException e) {
            return ZoneId.of("UTC");
        }
    }

    /** When quiet hours end, if {@code now} falls in them in the zone. */
    public static Optional<Instant> quietUntil(Instant now, ZoneId zone, MarketingSettings.@Nullable QuietHours quiet) {
        if (quiet == null) {
            return Optional.empty();
        }
        LocalTime from = LocalTime.parse(quiet.from());
        LocalTime to = LocalTime.parse(quiet.to());
        if (from.equals(to)) {
            return Optional.empty();
        }
        LocalDateTime local = LocalDateTime.ofInstant(now, zone);
        LocalTime time = local.toLocalTime();
        boolean quietNow = from.isBefore(to)
                ? !time.isBefore(from) && time.isBefore(to)
                : !time.isBefore(from) || time.isBefore(to);
        if (!quietNow) {
            return Optional.empty();
        }
        LocalDate day =
                time.isBefore(to) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
        return Optional.of(day.atTime(to).atZone(zone).toInstant());
    }

    /** The next moment the local clock in the zone shows {@code time} (today if still ahead, else tomorrow). */
    public static Instant next(Instant now, ZoneId zone, LocalTime time) {
        LocalDateTime local = LocalDateTime.ofInstant(now, zone);
        LocalDate day = local.toLocalTime().isBefore(time)
                ? local.toLocalDate()
                : local.toLocalDate().plusDays(1);
        return day.atTime(time).atZone(zone).toInstant();
    }
}
