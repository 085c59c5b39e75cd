package org.oneplace.integration.jobs;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.oneplace.integration.ImportService;
import org.oneplace.integration.internal.ImportRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the imports waiting, one at a time. A db-scheduler job: one node runs it, and when that node dies mid-import
 * another takes the job over after the missed heartbeats and goes on after the last committed batch. Starting or
 * resuming an import runs it at once.
 */
@Configuration(proxyBeanMethods = false)
class ImportJobs {

    @Bean
    RecurringTask<Void> imports(ImportRunner runner) {
        return Tasks.recurring(ImportService.JOB, FixedDelay.ofSeconds(10))
                .execute((instance, context) -> runner.run());
    }
}
