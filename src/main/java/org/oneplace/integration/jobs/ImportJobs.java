package org.oneplace.integration.jobs;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import org.oneplace.integration.ImportService;
import org.oneplace.integration.internal.ImportRepository;
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

    /**
     * Forgets uploads whose node stopped while receiving them (the client got no answer, so nothing was accepted), and
     * the files of imports stopped for a week (they hold personal data; the counts and refused rows stay).
     */
    @Bean
    RecurringTask<Void> importUploadsAbandoned(ImportRepository imports, Clock clock) {
        return Tasks.recurring("import-uploads-abandoned", FixedDelay.ofHours(1))
                .execute((instance, context) -> {
                    imports.purgeAbandoned(clock.instant().minus(Duration.ofHours(6)));
                    imports.forgetStoppedFiles(clock.instant().minus(Duration.ofDays(7)), clock.instant());
                });
    }
}
