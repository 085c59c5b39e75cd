package org.oneplace.channel.jobs;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import org.oneplace.channel.internal.ChannelProperties;
import org.oneplace.channel.internal.InboundEventRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Raw provider requests are kept for {@code oneplace.channel.raw-retention} after processing, then deleted. */
@Configuration(proxyBeanMethods = false)
class RawEventRetention {

    @Bean
    RecurringTask<Void> channelRawRetention(InboundEventRepository events, ChannelProperties properties, Clock clock) {
        return Tasks.recurring("channel-raw-retention", FixedDelay.of(Duration.ofHours(1)))
                .execute((instance, context) ->
                        events.purgeProcessedBefore(clock.instant().minus(properties.rawRetention())));
    }
}
