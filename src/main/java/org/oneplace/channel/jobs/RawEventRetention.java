package org.oneplace.channel.jobs;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import org.oneplace.channel.internal.ChannelProperties;
import org.oneplace.channel.internal.InboundEventRepository;
import org.oneplace.channel.webchat.WebchatRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Raw provider requests are kept for {@code oneplace.channel.raw-retention} after processing, then deleted; so are
 * web-chat sessions that never became anybody's, {@code oneplace.channel.chat-session-retention} after their last
 * use (they hold what a visitor typed: an id, perhaps a name or an e-mail).
 */
@Configuration(proxyBeanMethods = false)
class RawEventRetention {

    @Bean
    RecurringTask<Void> channelRawRetention(
            InboundEventRepository events, WebchatRepository chats, ChannelProperties properties, Clock clock) {
        return Tasks.recurring("channel-raw-retention", FixedDelay.of(Duration.ofHours(1)))
                .execute((instance, context) -> {
                    events.purgeProcessedBefore(clock.instant().minus(properties.rawRetention()));
                    chats.purgeUnclaimedBefore(clock.instant().minus(properties.chatSessionRetention()));
                });
    }
}
