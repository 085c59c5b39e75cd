package org.oneplace.platform;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundGuardTest {

    private final OutboundGuard guard = new OutboundGuard("");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1/",
                "http://localhost:8080/",
                "http://[::1]/",
                "http://0x7f000001/",
                "http://2130706433/",
                "http://0177.0.0.1/",
                "http://127.1/",
                "http://169.254.169.254/latest/meta-data/",
                "http://10.0.0.5/",
                "http://172.16.3.4/",
                "http://192.168.0.1/",
                "http://100.64.1.1/",
                "http://0.0.0.0/",
                "http://224.0.0.1/",
                "http://255.255.255.255/",
                "http://[::ffff:127.0.0.1]/",
                "http://[::ffff:7f00:1]/",
                "http://[::127.0.0.1]/",
                "http://[64:ff9b::a00:5]/",
                "http://[2002:7f00:1::]/",
                "http://[fe80::1]/",
                "http://[fd00:ec2::254]/",
                "http://[ff02::1]/",
                "http://[::]/",
                "gopher://example.com/",
                "http://user:secret@example.com/"
            })
    void refusesWhatIsNotPublic(String url) {
        assertThatThrownBy(() -> guard.checkUrl("url", url)).isInstanceOf(OutboundGuard.RefusedException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.215.14/v1", "http://[2606:4700::1111]/", "https://1.1.1.1:8443/x"})
    void letsPublicAddressesThrough(String url) {
        assertThatCode(() -> guard.checkUrl("url", url)).doesNotThrowAnyException();
    }

    @Test
    void theOperatorCanAllowHostsAddressesPortsAndRanges() {
        OutboundGuard allowing = new OutboundGuard("localhost, 127.0.0.1:8089, 10.1.0.0/16, [::1]:25");
        assertThatCode(() -> allowing.checkUrl("url", "http://localhost:1234/")).doesNotThrowAnyException();
        assertThatCode(() -> allowing.checkUrl("url", "http://127.0.0.1:8089/")).doesNotThrowAnyException();
        assertThatThrownBy(() -> allowing.checkUrl("url", "http://127.0.0.1:8090/"))
                .hasMessageContaining("ONEPLACE_OUTBOUND_ALLOW");
        assertThatCode(() -> allowing.checkUrl("url", "http://10.1.200.3/")).doesNotThrowAnyException();
        assertThatThrownBy(() -> allowing.checkUrl("url", "http://10.2.0.1/")).hasMessageContaining("private");
        assertThatCode(() -> allowing.checkHost("smtp", "::1", 25)).doesNotThrowAnyException();
        assertThatThrownBy(() -> allowing.checkHost("smtp", "::1", 587)).hasMessageContaining("loopback");
    }

    @Test
    void namesTheAddressAndHowToAllowIt() {
        assertThatThrownBy(() -> guard.checkUrl("'apiBaseUrl'", "http://169.254.169.254/"))
                .hasMessageContaining("'apiBaseUrl'")
                .hasMessageContaining("169.254.169.254")
                .hasMessageContaining("link-local")
                .hasMessageContaining("ONEPLACE_OUTBOUND_ALLOW");
    }
}
