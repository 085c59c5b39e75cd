package org.oneplace.marketing;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.time.Period;
import org.jspecify.annotations.Nullable;

/**
 * The rules every marketing send obeys.
 *
 * @param frequencyCap marketing messages per customer and period, across every channel and journey; an agent's
 *     reply within {@code agentReplyWindow} counts as one
 * @param quietHours local times in the customer's time zone when nothing is sent (a send due then waits for
 *     {@code to}); null for none
 * @param defaultTimeZone the zone of customers without a {@code timezone} trait
 * @param attributionWindow how long after a clicked (else sent) message an order is credited to it
 * @param agentReplyWindow how far back an agent's reply counts against the cap (PT24H when absent; PT0S: never)
 */
public record MarketingSettings(
        @NotNull @Valid FrequencyCap frequencyCap,
        @Nullable @Valid QuietHours quietHours,
        @NotNull String defaultTimeZone,
        @NotNull Duration attributionWindow,
        @Nullable Duration agentReplyWindow) {

    public MarketingSettings {
        if (agentReplyWindow == null) {
            agentReplyWindow = Duration.ofHours(24);
        }
    }

    public static final MarketingSettings DEFAULTS = new MarketingSettings(
            new FrequencyCap(3, Period.ofDays(7)),
            new QuietHours("21:00", "08:00"),
            "UTC",
            Duration.ofDays(5),
            Duration.ofHours(24));

    /** At most {@code count} messages per {@code period} ({@code P7D}). */
    public record FrequencyCap(
            @Min(0) @Max(1000) int count, @NotNull Period period) {}

    private static final String TIME = "([01]\\d|2[0-3]):[0-5]\\d";

    /** From {@code from} to {@code to} local time ({@code "21:00"} to {@code "08:00"} spans midnight). */
    public record QuietHours(
            @NotNull @Pattern(regexp = TIME, message = "must be a time like 21:00")
            String from,

            @NotNull @Pattern(regexp = TIME, message = "must be a time like 08:00")
            String to) {}
}
