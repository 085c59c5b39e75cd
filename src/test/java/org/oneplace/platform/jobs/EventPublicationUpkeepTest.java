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
        assertThat(EventPublicationUpkeep.backoff(1, events)).isEqualTo(Duration.ofSeconds(10));
        assertThat(EventPublicationUpkeep.backoff(2, events)).isEqualTo(Duration.ofSeconds(20));
        assertThat(EventPublicationUpkeep.backoff(4, events)).isEqualTo(Duration.ofSeconds(80));
        assertThat(EventPublicationUpkeep.backoff(6, events)).isEqualTo(Duration.ofMinutes(5));
        assertThat(EventPublicationUpkeep.backoff(60, events)).isEqualTo(Duration.ofMinutes(5));
    }
}
