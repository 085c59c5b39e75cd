package org.oneplace.marketing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oneplace.marketing.MarketingSettings.QuietHours;

class PacingTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final QuietHours NIGHT = new QuietHours("21:00", "08:00");

    @Test
    void aSendAtTwoInTheMorningWaitsUntilEightThatMorning() {
        Instant twoAm = Instant.parse("2026-03-10T01:00:00Z"); // 02:00 in Paris (CET)
        assertThat(Pacing.quietUntil(twoAm, PARIS, NIGHT)).hasValue(Instant.parse("2026-03-10T07:00:00Z"));
    }

    @Test
    void aSendLateInTheEveningWaitsUntilTheNextMorning() {
        Instant tenPm = Instant.parse("2026-03-10T21:00:00Z"); // 22:00 in Paris
        assertThat(Pacing.quietUntil(tenPm, PARIS, NIGHT)).hasValue(Instant.parse("2026-03-11T07:00:00Z"));
    }

    @Test
    void daytimeIsNotQuietAndTheEdgesBelongToTheDay() {
        assertThat(Pacing.quietUntil(Instant.parse("2026-03-10T11:00:00Z"), PARIS, NIGHT))
                .isEmpty();
        assertThat(Pacing.quietUntil(Instant.parse("2026-03-10T07:00:00Z"), PARIS, NIGHT))
                .isEmpty(); // 08:00
        assertThat(Pacing.quietUntil(Instant.parse("2026-03-10T20:00:00Z"), PARIS, NIGHT))
                .isPresent(); // 21:00
        assertThat(Pacing.quietUntil(Instant.parse("2026-03-10T01:00:00Z"), PARIS, null))
                .isEmpty();
    }

    @Test
    void quietHoursWithinOneDayWork() {
        QuietHours lunch = new QuietHours("12:00", "14:00");
        Instant one = Instant.parse("2026-07-01T11:00:00Z"); // 13:00 in Paris (CEST)
        assertThat(Pacing.quietUntil(one, PARIS, lunch)).hasValue(Instant.parse("2026-07-01T12:00:00Z"));
    }

    @Test
    void theMorningAfterASpringForwardNightIsStillEight() {
        Instant night = Instant.parse("2026-03-29T00:30:00Z"); // 01:30 CET, clocks go to 03:00 at 02:00
        assertThat(Pacing.quietUntil(night, PARIS, NIGHT)).hasValue(Instant.parse("2026-03-29T06:00:00Z"));
    }

    @Test
    void theZoneIsTheCustomersTraitElseTheDefault() {
        assertThat(Pacing.zone(Map.of("timezone", "America/New_York"), "UTC")).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(Pacing.zone(Map.of("timezone", "Mars/Olympus"), "Europe/Paris"))
                .isEqualTo(PARIS);
        assertThat(Pacing.zone(Map.of(), "not a zone")).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void waitUntilATimeIsTodayIfAheadElseTomorrow() {
        Instant nineAm = Instant.parse("2026-03-10T08:00:00Z"); // 09:00 Paris
        assertThat(Pacing.next(nineAm, PARIS, LocalTime.of(10, 0))).isEqualTo(Instant.parse("2026-03-10T09:00:00Z"));
        assertThat(Pacing.next(nineAm, PARIS, LocalTime.of(9, 0))).isEqualTo(Instant.parse("2026-03-11T08:00:00Z"));
    }
}
