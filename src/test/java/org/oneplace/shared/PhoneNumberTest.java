package org.oneplace.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PhoneNumberTest {

    @Test
    void everySpellingOfANumberBecomesE164() {
        assertThat(PhoneNumber.parse("+1 415 555 0123", null).value()).isEqualTo("+14155550123");
        assertThat(PhoneNumber.parse("+1 (415) 555-0123", "DE").value()).isEqualTo("+14155550123");
        assertThat(PhoneNumber.parse("0151 2345 6789", "DE").value()).isEqualTo("+4915123456789");
        assertThat(PhoneNumber.parse("0049 151 23456789", "DE").value()).isEqualTo("+4915123456789");
    }

    @Test
    void refusesWhatIsNotANumberNamingTheValue() {
        for (String bad : new String[] {"12345", "+1 (800) FLOWERS", "0151 2345 6789", "0049 151 23456789"}) {
            assertThatThrownBy(() -> PhoneNumber.parse(bad, null))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "' is not a valid phone number");
        }
        assertThatThrownBy(() -> PhoneNumber.parse("12345", "DE")).hasMessageContaining("read in region DE");
    }

    @Test
    void aWhatsAppIdWithoutPlusIsNotForcedIntoAPhone() {
        // wa_id comes without '+': without a region it is no phone number, and stays a channel identifier
        assertThatThrownBy(() -> PhoneNumber.parse("4915123456789", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
