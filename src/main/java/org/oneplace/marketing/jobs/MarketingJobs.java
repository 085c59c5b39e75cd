package org.oneplace.marketing.jobs;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.oneplace.marketing.MarketingProperties;
import org.oneplace.marketing.internal.Broadcasts;
import org.oneplace.marketing.internal.EventEntries;
import org.oneplace.marketing.internal.JourneyRunner;
import org.oneplace.marketing.internal.MarketingIntegration;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the journey steps that are due. A db-scheduler job, so one node runs each execution; the runs it claims are
 * locked with {@code SKIP LOCKED} as well, so even two overlapping executions never take the same run.
 */
@Configuration(proxyBeanMethods = false)
class MarketingJobs {

    @Bean
    RecurringTask<Void> marketingJourneys(
            Broadcasts broadcasts, EventEntries events, JourneyRunner runner, MarketingProperties properties) {
        return Tasks.recurring("marketing-journeys", FixedDelay.of(properties.runInterval()))
                .execute((instance, context) -> {
                    // each part alone: a broadcast or an event batch that fails must not stop the runs that are due
                    alone("releasing broadcasts", broadcasts::release);
                    alone("reading tracked events", events::follow);
                    alone("running journeys", runner::run);
                });
    }

    /** Customers whose next purchase is due enter the replenishment journeys; the runs then go with the rest. */
    @Bean
    RecurringTask<Void> marketingReplenishment(
            MarketingIntegration integration, TransactionTemplate tx, MarketingProperties properties) {
        return Tasks.recurring("marketing-replenishment", FixedDelay.of(properties.replenishmentScanInterval()))
                .execute((instance, context) -> tx.executeWithoutResult(status -> integration.enterReplenishments()));
    }

    private static void alone(String what, java.util.function.IntSupplier part) {
        try {
            part.getAsInt();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(MarketingJobs.class)
                    .error("Marketing failed {}; the next run tries again", what, e);
        }
    }
}
