package org.oneplace.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmailAddressTest {

    @Test
    void normalisesCaseAndSpaces() {
        assertThat(EmailAddress.of("  Jane.Doe@Example.COM ")).isEqualTo(EmailAddress.of("jane.doe@example.com"));
        assertThat(EmailAddress.of("  Jane.Doe@Example.COM ").value()).isEqualTo("jane.doe@example.com");
    }

    @Test
    void rejectsWhatCannotBeAnAddressNamingTheValue() {
        assertThatThrownBy(() -> EmailAddress.of("jane")).hasMessageContaining("'jane' is not a valid email address");
        assertThatThrownBy(() -> EmailAddress.of("jane@localhost")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmailAddress.of("a b@example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmailAddress.of("x".repeat(250) + "@example.com"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesTheMalformedAddressesOfTheCatalogue() {
        for (String bad : new String[] {
            "user@",
            "@x.com",
            "a@b..com",
            "a@.b.com",
            "a@b.com.",
            "<script>alert(4)</script>@x.test",
            "\"quoted\"@x.com",
            "a(b)@x.com",
            "a..b@x.com",
            ".a@x.com",
            "a@-x.com",
            "a@x.c0m"
        }) {
            assertThatThrownBy(() -> EmailAddress.of(bad))
                    .as(bad)
                    .hasMessageContaining("'" + bad.strip() + "' is not a valid email address");
        }
        assertThat(EmailAddress.of(" A@B.COM ").value()).isEqualTo("a@b.com");
        // what people really have: tags, apostrophes, hyphenated and numeric labels, punycode
        for (String good :
                new String[] {"o'brien+news@mail-1.example.co.uk", "x_y.z@123.example.com", "a@xn--80ak6aa92e.xn--p1ai"
                }) {
            assertThat(EmailAddress.of(good).value()).isEqualTo(good);
        }
    }

    @Test
    void internationalisedAddressesAreKeptInUnicode() {
        // RFC 6531 addresses are accepted as typed (no punycode), so a person finds them as they wrote them
        assertThat(EmailAddress.of("用户@例子.广告").value()).isEqualTo("用户@例子.广告");
    }

    @Test
    void channelCodesRoundTripAndUnknownOnesAreListed() {
        assertThat(ChannelType.parse("WhatsApp")).isEqualTo(ChannelType.WHATSAPP);
        assertThat(ChannelType.WEB.code()).isEqualTo("web");
        assertThatThrownBy(() -> ChannelType.parse("fax"))
                .hasMessageContaining("'fax' is not a channel")
                .hasMessageContaining("web");
    }

    @Test
    void idsAreTimeOrdered() {
        java.util.UUID first = Uuid7.next();
        java.util.UUID second = Uuid7.next();
        assertThat(first.version()).isEqualTo(7);
        assertThat(second.toString()).isGreaterThan(first.toString());
    }
}
