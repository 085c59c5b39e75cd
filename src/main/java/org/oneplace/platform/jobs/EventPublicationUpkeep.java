package org.oneplace.platform.jobs;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.oneplace.platform.PlatformProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;

/**
 * Keeps "an event committed is an event delivered" true. Two db-scheduler jobs (cluster-safe: one node runs each
 * execution) look after the event publication log:
 *
 * <ul>
 *   <li>failed publications — a listener threw, or Spring Modulith's staleness monitor gave up waiting for one —
 *       are resubmitted with exponential backoff until {@code maxAttempts} deliveries have failed; after that they
 *       stay failed for an operator to look at;
 *   <li>completed publications older than the retention are purged so the log stays small.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class EventPublicationUpkeep {

    @Bean
    RecurringTask<Void> resubmitFailedEventPublications(
            FailedEventPublications failed, PlatformProperties properties, Clock clock) {
        PlatformProperties.Events events = properties.events();
        return Tasks.recurring("event-publications-resubmit", FixedDelay.of(events.upkeepInterval()))
                .execute((instance, context) -> failed.resubmit(ResubmissionOptions.defaults()
                        .withBatchSize(100)
                        .withFilter(publication -> isDue(publication, events, clock.instant()))));
    }

    @Bean
    RecurringTask<Void> purgeCompletedEventPublications(
            CompletedEventPublications completed, PlatformProperties properties) {
        Duration retention = properties.events().completedRetention();
        return Tasks.recurring("event-publications-purge", FixedDelay.of(Duration.ofMinutes(10)))
                .execute((instance, context) -> completed.deletePublicationsOlderThan(retention));
    }

    @Bean
    RecurringTask<Void> purgeExpiredIdempotencyKeys(org.oneplace.platform.IdempotencyKeys keys) {
        return Tasks.recurring("idempotency-keys-purge", FixedDelay.of(Duration.ofMinutes(30)))
                .execute((instance, context) -> keys.purgeExpired());
    }

    /**
     * A failed publication is due again once the backoff for its number of attempts has passed since its last
     * attempt: {@code initialBackoff × 2^(attempts − 1)}, capped at {@code maxBackoff}.
     */
    static boolean isDue(EventPublication publication, PlatformProperties.Events events, Instant now) {
        int attempts = Math.max(1, publication.getCompletionAttempts());
        if (attempts >= events.maxAttempts()) {
            return false; // left FAILED for an operator; retried again only by hand
        }
        Duration backoff = backoff(attempts, events);
        Instant lastAttempt = publication.getLastResubmissionDate() != null
                ? publication.getLastResubmissionDate()
                : publication.getPublicationDate();
        return !now.isBefore(lastAttempt.plus(backoff));
    }

    static Duration backoff(int attempts, PlatformProperties.Events events) {
        int doublings = Math.min(attempts - 1, 30);
        Duration backoff = events.initialBackoff().multipliedBy(1L << doublings);
        return backoff.compareTo(events.maxBackoff()) > 0 ? events.maxBackoff() : backoff;
    }
}
