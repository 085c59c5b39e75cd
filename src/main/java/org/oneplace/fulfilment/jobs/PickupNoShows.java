package org.oneplace.fulfilment.jobs;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.oneplace.fulfilment.FulfilmentProperties;
import org.oneplace.fulfilment.FulfilmentService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Cancels pickups nobody came for within their window and gives their units back to the store (db-scheduler: one
 * node runs each execution; pickups are taken with SKIP LOCKED, so a handover in progress wins or loses cleanly).
 */
@Configuration(proxyBeanMethods = false)
class PickupNoShows {

    private static final int BATCH = 100;

    @Bean
    RecurringTask<Void> cancelPickupNoShows(FulfilmentService fulfilment, FulfilmentProperties properties) {
        return Tasks.recurring("fulfilment-pickup-no-shows", FixedDelay.of(properties.noShowInterval()))
                .execute((instance, context) -> {
                    while (fulfilment.cancelNoShows(BATCH) == BATCH) {
                        // a backlog: keep going until a partial batch says it is cleared
                    }
                });
    }
}
