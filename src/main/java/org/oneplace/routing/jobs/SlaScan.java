package org.oneplace.routing.jobs;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.oneplace.routing.RoutingProperties;
import org.oneplace.routing.internal.SlaEscalation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Looks for SLA breaches; a db-scheduler job, so one node scans at a time and a restart loses nothing. */
@Configuration(proxyBeanMethods = false)
class SlaScan {

    @Bean
    RecurringTask<Void> slaBreachScan(SlaEscalation escalation, RoutingProperties properties) {
        return Tasks.recurring("routing-sla-scan", FixedDelay.of(properties.slaScanInterval()))
                .execute((instance, context) -> {
                    while (escalation.scan() == 100) {
                        // a backlog: keep going
                    }
                });
    }
}
