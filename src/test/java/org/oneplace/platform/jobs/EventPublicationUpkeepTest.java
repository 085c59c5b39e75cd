package org.oneplace.platform.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.oneplace.platform.PlatformProperties;

class EventPublicationUpkeepTest {

    private final PlatformProperties.Events events = new PlatformProperties.Events(
            Duration.ofSeconds(10), 8, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofDays(7));

    @Test
    void backoffDoublesPerAttemptUpToTheCap() {
        // a computation of the schedule, not a measurement of time
        assertThat(secondsOfBackoff(1)).isEqualTo(10);
        assertThat(secondsOfBackoff(2)).isEqualTo(20);
        assertThat(secondsOfBackoff(4)).isEqualTo(80);
        assertThat(secondsOfBackoff(6)).isEqualTo(300);
        assertThat(secondsOfBackoff(60)).isEqualTo(300);
    }

    private long secondsOfBackoff(int attempts) {
        return EventPublicationUpkeep.backoff(attempts, events).toSeconds();
    }
}
