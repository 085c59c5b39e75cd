package org.oneplace.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BusinessHoursTest {

    private static final Map<String, String> WEEKDAYS = Map.of(
            "mon",
            "09:00-17:00",
            "tue",
            "09:00-17:00",
            "wed",
            "09:00-17:00",
            "thu",
            "09:00-17:00",
            "fri",
            "09:00-13:00");

    @Test
    void timeRunsOnlyWithinOpeningHoursAndSkipsWeekendsAndHolidays() {
        BusinessHours hours = BusinessHours.parse("Europe/Berlin", WEEKDAYS, Set.of(LocalDate.parse("2026-12-07")));
        // Friday 2026-12-04 12:00 Berlin (11:00Z): one hour left that day; Monday is a holiday; Tuesday 09:00 + 1h
        Instant fridayNoon = Instant.parse("2026-12-04T11:00:00Z");
        assertThat(hours.add(fridayNoon, Duration.ofHours(2))).isEqualTo(Instant.parse("2026-12-08T09:00:00Z"));
        assertThat(hours.add(fridayNoon, Duration.ofMinutes(30))).isEqualTo(Instant.parse("2026-12-04T11:30:00Z"));
        // Saturday night counts as Tuesday morning's opening
        assertThat(hours.add(Instant.parse("2026-12-05T22:00:00Z"), Duration.ofMinutes(1)))
                .isEqualTo(Instant.parse("2026-12-08T08:01:00Z"));
        assertThat(hours.between(fridayNoon, Instant.parse("2026-12-08T09:00:00Z")))
                .isEqualTo(Duration.ofHours(2));
        assertThat(hours.between(Instant.parse("2026-12-05T10:00:00Z"), Instant.parse("2026-12-06T10:00:00Z")))
                .isZero();
    }

    @Test
    void noHoursMeansAroundTheClock() {
        BusinessHours always = BusinessHours.aroundTheClock();
        Instant at = Instant.parse("2026-12-05T22:00:00Z");
        assertThat(always.add(at, Duration.ofHours(3))).isEqualTo(at.plus(Duration.ofHours(3)));
        assertThat(always.between(at, at.plusSeconds(90))).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void badHoursSayWhatIsWrong() {
        assertThatThrownBy(() -> BusinessHours.parse("UTC", Map.of("funday", "09:00-17:00"), Set.of()))
                .hasMessageContaining("'funday' is not a weekday");
        assertThatThrownBy(() -> BusinessHours.parse("UTC", Map.of("mon", "17:00-09:00"), Set.of()))
                .hasMessageContaining("not a range");
        assertThatThrownBy(() -> BusinessHours.parse("Mars/Olympus", Map.of(), Set.of()))
                .hasMessageContaining("not a time zone");
    }
}
