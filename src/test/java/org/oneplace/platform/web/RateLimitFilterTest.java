package org.oneplace.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.oneplace.platform.PlatformProperties;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

/**
 * SEC-11 for the API (per token), tracking (per write key, else per address) and password resets (per address and
 * per e-mail), with small limits.
 */
class RateLimitFilterTest {

    private final RateLimitFilter filter = new RateLimitFilter(new PlatformProperties(
            Path.of("."),
            new PlatformProperties.EmbeddedDatabase(true),
            new PlatformProperties.Events(
                    java.time.Duration.ofSeconds(10),
                    8,
                    java.time.Duration.ofSeconds(10),
                    java.time.Duration.ofHours(1),
                    java.time.Duration.ofDays(7)),
            new PlatformProperties.Web(
                    DataSize.ofMegabytes(1),
                    DataSize.ofMegabytes(4),
                    DataSize.ofGigabytes(2),
                    java.time.Duration.ofSeconds(20)),
            new PlatformProperties.RateLimits(true, 10, 2, 30, 3, 2),
            null));

    private int call(String path, String authorization, String address) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setRemoteAddr(address);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response.getStatus();
    }

    @Test
    void eachApiTokenHasItsOwnAllowance() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(call("/api/v1/customers", "Bearer one", "10.0.0." + i)).isEqualTo(200);
        }
        assertThat(call("/api/v1/customers", "Bearer one", "10.0.0.9")).isEqualTo(429);
        assertThat(call("/api/v1/customers", "Bearer two", "10.0.0.9")).isEqualTo(200);
    }

    @Test
    void trackingCountsPerWriteKeyElsePerAddress() throws Exception {
        assertThat(call("/v1/track", "Basic a2V5Og==", "10.0.1.1")).isEqualTo(200);
        assertThat(call("/v1/track", "Basic a2V5Og==", "10.0.1.2")).isEqualTo(200);
        assertThat(call("/v1/track", "Basic a2V5Og==", "10.0.1.3")).isEqualTo(429);
        assertThat(call("/v1/track", null, "10.0.1.4")).isEqualTo(200);
        assertThat(call("/v1/track", null, "10.0.1.4")).isEqualTo(200);
        assertThat(call("/v1/track", null, "10.0.1.4")).isEqualTo(429);
        assertThat(call("/v1/track", null, "10.0.1.5")).isEqualTo(200);
    }

    private int resetRequest(String email, String address) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/password-reset");
        request.setRemoteAddr(address);
        request.setContentType("application/x-www-form-urlencoded");
        request.addParameter("email", email);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response.getStatus();
    }

    @Test
    void passwordResetsCountPerAddressAndPerEmail() throws Exception {
        assertThat(resetRequest("a@example.com", "10.0.3.1")).isEqualTo(200);
        assertThat(resetRequest("b@example.com", "10.0.3.1")).isEqualTo(200);
        assertThat(resetRequest("c@example.com", "10.0.3.1")).isEqualTo(429);
        // one mailbox from many addresses, however the address is spelt
        assertThat(resetRequest("d@example.com", "10.0.3.2")).isEqualTo(200);
        assertThat(resetRequest(" D@Example.com", "10.0.3.3")).isEqualTo(200);
        assertThat(resetRequest("d@example.com", "10.0.3.4")).isEqualTo(429);
        assertThat(resetRequest("e@example.com", "10.0.3.5")).isEqualTo(200);
        // choosing the new password counts per address too
        MockHttpServletRequest choose = new MockHttpServletRequest("POST", "/password-reset/new");
        choose.setRemoteAddr("10.0.3.1");
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(choose, response, new MockFilterChain());
        assertThat(response.getStatus()).isEqualTo(429);
    }

    @Test
    void pagesAndWebhooksAreNotCounted() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(call("/webhooks/whatsapp", null, "10.0.2.1")).isEqualTo(200);
            assertThat(call("/inbox", null, "10.0.2.1")).isEqualTo(200);
        }
    }
}
