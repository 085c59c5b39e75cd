package org.oneplace.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The backoff of {@link StaffProperties.Lockout}: none below the threshold, then doubling up to the cap. */
class LockoutTest {

    private final StaffProperties.Lockout lockout =
            new StaffProperties.Lockout(5, Duration.ofMinutes(1), Duration.ofHours(1));

    @Test
    void failuresBelowTheThresholdDoNotLock() {
        assertThat(lockout.backoff(0)).isZero();
        assertThat(lockout.backoff(4)).isZero();
    }

    @Test
    void eachFurtherFailureDoublesTheLockUpToTheCap() {
        assertThat(lockout.backoff(5)).isEqualTo(Duration.ofMinutes(1));
        assertThat(lockout.backoff(6)).isEqualTo(Duration.ofMinutes(2));
        assertThat(lockout.backoff(7)).isEqualTo(Duration.ofMinutes(4));
        assertThat(lockout.backoff(10)).isEqualTo(Duration.ofMinutes(32));
        assertThat(lockout.backoff(11)).isEqualTo(Duration.ofHours(1));
        assertThat(lockout.backoff(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void rejectsSettingsThatCannotLock() {
        assertThatThrownBy(() -> new StaffProperties.Lockout(0, Duration.ofMinutes(1), Duration.ofHours(1)))
                .hasMessageContaining("ONEPLACE_STAFF_LOCKOUT_THRESHOLD");
        assertThatThrownBy(() -> new StaffProperties.Lockout(5, Duration.ofMinutes(10), Duration.ofMinutes(1)))
                .hasMessageContaining("ONEPLACE_STAFF_LOCKOUT_MAX_BACKOFF");
    }
}
