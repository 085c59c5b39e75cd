package org.oneplace.conversation.jobs;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import org.oneplace.conversation.ConversationProperties;
import org.oneplace.conversation.internal.FeedRepository;
import org.oneplace.conversation.internal.OutboxSender;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sends queued replies. A db-scheduler job, so one node runs each execution; every reply is claimed in its own
 * committed step before the provider is called, so a crash leaves it {@code sending} and then {@code unknown}, never
 * silently resent.
 */
@Configuration(proxyBeanMethods = false)
class Outbox {

    @Bean
    RecurringTask<Void> conversationOutbox(OutboxSender sender, ConversationProperties properties) {
        return Tasks.recurring("conversation-outbox", FixedDelay.of(properties.outboxInterval()))
                .execute((instance, context) -> sender.run());
    }

    /** The live feed keeps a day: enough for any stream to resume after a reconnect. */
    @Bean
    RecurringTask<Void> conversationFeedPurge(FeedRepository feed, Clock clock) {
        return Tasks.recurring("conversation-feed-purge", FixedDelay.of(Duration.ofHours(1)))
                .execute((instance, context) -> feed.purgeBefore(clock.instant().minus(Duration.ofDays(1))));
    }
}
