package org.oneplace.inventory.jobs;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.oneplace.inventory.InventoryProperties;
import org.oneplace.inventory.InventoryService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives expired reservations' units back to what can be promised. A db-scheduler job, so one node runs each
 * execution and a restart loses nothing; rows a checkout is committing right now are skipped (SKIP LOCKED) and
 * that checkout's own conditional update decides whether it still holds them.
 */
@Configuration(proxyBeanMethods = false)
class ReservationExpiry {

    private static final int BATCH = 500;

    @Bean
    RecurringTask<Void> expireReservations(InventoryService inventory, InventoryProperties properties) {
        return Tasks.recurring("inventory-reservation-expiry", FixedDelay.of(properties.expiryInterval()))
                .execute((instance, context) -> {
                    while (inventory.expireReservations(BATCH) == BATCH) {
                        // a backlog: keep going until a partial batch says it is cleared
                    }
                });
    }
}
