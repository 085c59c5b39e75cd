package org.oneplace.analytics;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The definitions' parameters ({@code oneplace.analytics.*}); the README's "Analytics" section says how each is used.
 *
 * @param sessionTimeout a gap longer than this between a device's (or a contact's) touches starts a new session
 * @param conversionWindow an order on the session's channel this long after the session still converts it
 * @param returningWindow a customer is returning to a channel when active on it this long before
 * @param transitionWindow the next session on another channel within this is a transition
 * @param switchWindow the next session on another channel within this is a switch the continuity audit judges
 * @param runInterval how often new touches are folded into sessions (figures lag behind by about this much)
 * @param timeZone the business's time zone, an IANA name: the daily rollups are its days
 */
@ConfigurationProperties("oneplace.analytics")
public record AnalyticsProperties(
        @DefaultValue("30m") Duration sessionTimeout,
        @DefaultValue("30m") Duration conversionWindow,
        @DefaultValue("30d") Duration returningWindow,
        @DefaultValue("7d") Duration transitionWindow,
        @DefaultValue("48h") Duration switchWindow,
        @DefaultValue("5s") Duration runInterval,
        @DefaultValue("UTC") String timeZone) {

    public AnalyticsProperties {
        try {
            ZoneId zone = ZoneId.of(timeZone);
            // PostgreSQL reads numeric offsets the POSIX way round (+01:00 is west of Greenwich): regions only
            if (zone.normalized() instanceof ZoneOffset offset && offset.getTotalSeconds() != 0) {
                throw new IllegalArgumentException("oneplace.analytics.time-zone '" + timeZone
                        + "' is an offset; use a region such as Europe/Berlin (or UTC).");
            }
            timeZone = zone.getId();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "oneplace.analytics.time-zone '" + timeZone + "' is not a time zone; use an IANA name such as"
                            + " Europe/Berlin.",
                    e);
        }
    }
}
