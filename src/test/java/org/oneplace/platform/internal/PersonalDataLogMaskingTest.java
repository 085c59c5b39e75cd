package org.oneplace.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonalDataLogMaskingTest {

    @Test
    void masksEmailsAndPhoneNumbersAndLeavesTheRest() {
        assertThat(PersonalDataLogMasking.mask("Created the bootstrap admin jane.doe@example.com"))
                .isEqualTo("Created the bootstrap admin j***@example.com");
        assertThat(PersonalDataLogMasking.mask("Key (type, value)=(phone, +14155550123) already exists"))
                .isEqualTo("Key (type, value)=(phone, +***23) already exists");
        assertThat(PersonalDataLogMasking.mask("call +1 (415) 555-0123 now")).isEqualTo("call +***23 now");
        assertThat(PersonalDataLogMasking.mask("用户@例子.广告")).isEqualTo("用***@例子.广告");
        String plain = "GET /api/v1/customers/0193a4c2-7b1e-7d2f-9c3a-5e8f1a2b3c4d took 12 ms, 1+1=2";
        assertThat(PersonalDataLogMasking.mask(plain)).isEqualTo(plain);
    }
}
