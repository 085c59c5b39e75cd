package org.oneplace.integration.jobs;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.oneplace.integration.WebhookProperties;
import org.oneplace.integration.internal.WebhookSender;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Sends the due webhook deliveries, and forgets old ones; db-scheduler jobs, so one node runs each pass. */
@Configuration(proxyBeanMethods = false)
class WebhookJobs {

    @Bean
    RecurringTask<Void> webhookDeliveries(WebhookSender sender, WebhookProperties properties) {
        return Tasks.recurring("webhook-deliveries", FixedDelay.of(properties.runInterval()))
                .execute((instance, context) -> sender.run());
    }

    @Bean
    RecurringTask<Void> webhookRetention(WebhookSender sender) {
        return Tasks.recurring("webhook-retention", FixedDelay.ofHours(6))
                .execute((instance, context) -> sender.purge());
    }
}
