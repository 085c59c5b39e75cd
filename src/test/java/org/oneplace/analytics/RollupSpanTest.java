package org.oneplace.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.oneplace.analytics.AnalyticsService.Period;
import org.oneplace.analytics.internal.RollupRepository.Span;

/**
 * How a period is split into raw edges, hourly buckets and daily buckets: the parts must tile the period exactly
 * (no gap, no overlap), days are used only where they begin on a UTC hour, and short periods read raw rows only.
 */
class RollupSpanTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aWeekInBerlinReadsWholeDaysBetweenItsRaggedEdges() {
        Span span = span("2026-03-02T09:40:00Z", "2026-03-09T17:20:00Z", BERLIN);
        assertThat(span.h1()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
        assertThat(span.d1()).isEqualTo(Instant.parse("2026-03-02T23:00:00Z")); // midnight in Berlin (UTC+1)
        assertThat(span.d2()).isEqualTo(Instant.parse("2026-03-08T23:00:00Z"));
        assertThat(span.h2()).isEqualTo(Instant.parse("2026-03-09T17:00:00Z"));
        tiles(span);
    }

    @Test
    void daysAcrossTheSpringChangeOfClockStillBeginAtLocalMidnight() {
        // Berlin moves to UTC+2 on 29 March 2026: that day is 23 hours long
        Span span = span("2026-03-27T00:00:00Z", "2026-04-01T00:00:00Z", BERLIN);
        assertThat(span.d1()).isEqualTo(Instant.parse("2026-03-27T23:00:00Z"));
        assertThat(span.d2()).isEqualTo(Instant.parse("2026-03-31T22:00:00Z"));
        tiles(span);
    }

    @Test
    void zonesWhoseDaysBeginOffTheHourUseHoursOnly() {
        Span span = span("2026-03-02T00:00:00Z", "2026-03-10T00:00:00Z", ZoneId.of("Asia/Kolkata"));
        assertThat(span.d1()).isEqualTo(span.h2());
        assertThat(span.d2()).isEqualTo(span.h2());
        assertThat(span.h1()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
        tiles(span);
    }

    @Test
    void periodsWithinAnHourOrOnItsEdgesReadRawRowsOrWholeHours() {
        Span short1 = span("2026-03-02T09:10:00Z", "2026-03-02T09:50:00Z", BERLIN);
        assertThat(short1.h1()).isEqualTo(short1.to());
        tiles(short1);
        Span across = span("2026-03-02T09:10:00Z", "2026-03-02T10:20:00Z", BERLIN);
        assertThat(across.h1()).isEqualTo(across.to()); // no whole hour inside
        tiles(across);
        Span exact = span("2026-03-02T09:00:00Z", "2026-03-02T12:00:00Z", ZoneId.of("UTC"));
        assertThat(exact.h1()).isEqualTo(exact.from());
        assertThat(exact.h2()).isEqualTo(exact.to());
        tiles(exact);
        Span days = span("2026-03-02T00:00:00Z", "2026-03-05T00:00:00Z", ZoneId.of("UTC"));
        assertThat(days.d1()).isEqualTo(days.from());
        assertThat(days.d2()).isEqualTo(days.to());
        tiles(days);
    }

    private static Span span(String from, String to, ZoneId zone) {
        return RollupReports.span(new Period(Instant.parse(from), Instant.parse(to)), zone);
    }

    /** from ≤ h1 ≤ d1 ≤ d2 ≤ h2 ≤ to, and the ranges' lengths add up to the period's. */
    private static void tiles(Span s) {
        assertThat(s.from()).isBeforeOrEqualTo(s.h1());
        assertThat(s.h1()).isBeforeOrEqualTo(s.d1());
        assertThat(s.d1()).isBeforeOrEqualTo(s.d2());
        assertThat(s.d2()).isBeforeOrEqualTo(s.h2());
        assertThat(s.h2()).isBeforeOrEqualTo(s.to());
        Duration total = Duration.between(s.from(), s.h1())
                .plus(Duration.between(s.h1(), s.d1()))
                .plus(Duration.between(s.d1(), s.d2()))
                .plus(Duration.between(s.d2(), s.h2()))
                .plus(Duration.between(s.h2(), s.to()));
        assertThat(total).isEqualTo(Duration.between(s.from(), s.to()));
    }
}
