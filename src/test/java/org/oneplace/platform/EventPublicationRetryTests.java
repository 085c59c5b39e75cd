package org.oneplace.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.OneplaceIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.modulith.events.EventPublication;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "An event committed is an event delivered": a listener that fails is retried from the publication log by the
 * db-scheduler upkeep job, with backoff, until it succeeds — and one that keeps failing stops after the attempt
 * limit instead of being retried forever.
 */
class EventPublicationRetryTests extends OneplaceIntegrationTest {

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    FlakyListener listener;

    @Autowired
    CompletedEventPublications completed;

    @Test
    void aListenerThatFailsTwiceIsRetriedAndThenSucceeds() {
        UUID id = UUID.randomUUID();
        transaction.executeWithoutResult(status -> events.publishEvent(new FlakyListener.Probe(id, 2)));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(completed.findAll())
                        .extracting(EventPublication::getEvent)
                        .contains(new FlakyListener.Probe(id, 2)));
        assertThat(listener.attempts(id)).isEqualTo(3);
    }

    @Test
    void aListenerThatNeverRecoversStopsAtTheAttemptLimit() throws InterruptedException {
        UUID id = UUID.randomUUID();
        transaction.executeWithoutResult(status -> events.publishEvent(new FlakyListener.Probe(id, 1_000)));

        // max-attempts is 5 in tests; backoff 200 ms doubling gives the five attempts within a few seconds
        await().atMost(Duration.ofSeconds(30)).until(() -> listener.attempts(id) >= 5);
        Thread.sleep(4_000);
        assertThat(listener.attempts(id)).isEqualTo(5);
        assertThat(completed.findAll())
                .extracting(EventPublication::getEvent)
                .doesNotContain(new FlakyListener.Probe(id, 1_000));
    }
}
