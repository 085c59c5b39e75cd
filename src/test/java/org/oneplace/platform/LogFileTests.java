package org.oneplace.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.oneplace.OneplaceIntegrationTest;

/** The JSON log file of a running application holds no email address in clear. */
class LogFileTests extends OneplaceIntegrationTest {

    @Test
    void theLogFileMasksEmailAddresses() throws Exception {
        Path log = Path.of("target/test-logs/oneplace.log");
        assertThat(log).exists();
        String text = Files.readString(log);
        // bootstrap logged the admin it created (or found) by email
        assertThat(text).contains("o***@example.com").doesNotContain(ADMIN_EMAIL);
    }
}
