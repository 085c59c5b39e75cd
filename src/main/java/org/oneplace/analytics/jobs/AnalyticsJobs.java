package org.oneplace.analytics.jobs;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.oneplace.analytics.AnalyticsProperties;
import org.oneplace.analytics.internal.AnalyticsIntegration;
import org.oneplace.analytics.internal.Sessions;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Folds what happened into analytics: reads the tracked events behind ingestion, then derives the sessions of the
 * customers whose touches changed. A db-scheduler job, so one node runs each execution.
 */
@Configuration(proxyBeanMethods = false)
class AnalyticsJobs {

    @Bean
    RecurringTask<Void> analyticsRollup(
            AnalyticsIntegration integration, Sessions sessions, AnalyticsProperties properties) {
        return Tasks.recurring("analytics-rollup", FixedDelay.of(properties.runInterval()))
                .execute((instance, context) -> {
                    try {
                        sessions.checkRollups();
                        sessions.rebuildIfRequested();
                    } catch (RuntimeException e) {
                        // a rebuild that failed is tried again later; the touches keep being folded meanwhile
                        LoggerFactory.getLogger(AnalyticsJobs.class)
                                .error("Analytics failed rebuilding; it tries again in a few minutes", e);
                    }
                    try {
                        integration.follow();
                    } catch (RuntimeException e) {
                        // the sessions of what was read before still get derived; the feed is read again next time
                        LoggerFactory.getLogger(AnalyticsJobs.class)
                                .error("Analytics failed reading tracked events; the next run tries again", e);
                    }
                    sessions.derive();
                });
    }
}
