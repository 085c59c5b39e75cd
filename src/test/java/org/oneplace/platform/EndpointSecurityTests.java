package org.oneplace.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.OneplaceIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Walks every endpoint the application has registered — controllers, actuator, API docs — and calls it without
 * credentials. Everything answers 401 unless it is on the public allow-list below, so a new endpoint cannot be
 * left open by accident: it fails this test until it is secured or deliberately listed here.
 */
class EndpointSecurityTests extends OneplaceIntegrationTest {

    /** Endpoints anyone may call, as "METHOD path-pattern". Keep it short, and say why for each. */
    private static final Set<String> PUBLIC = Set.of(
            "GET /login", // the sign-in page
            "POST /login", // the sign-in form (CSRF-protected)
            // forgotten passwords: asking for a link, and the link's form (CSRF-protected; SignInProtectionTests)
            "GET /password-reset",
            "POST /password-reset",
            "POST /password-reset/new",
            "GET /actuator/health", // load balancer probes
            "GET /actuator/health/**",
            "GET /v3/api-docs", // the API description holds no data
            "GET /v3/api-docs/swagger-config",
            "GET /v3/api-docs.yaml",
            "GET /swagger-ui.html",
            "GET /error",
            // provider webhooks: each authenticated by the provider's own signature or secret header (ChannelTests)
            "GET /webhooks/**",
            "POST /webhooks/**",
            // the web-chat widget, called from any allowed site: each checks its chat session (WebchatTests)
            "POST /widget/{channelId}/sessions",
            "POST /widget/messages",
            "GET /widget/messages",
            "GET /widget/stream",
            // analytics.js loads its settings by write key before sending anything; a write key is not a secret
            "GET /v1/projects/{writeKey}/settings",
            // links in marketing messages, opened by customers: the unguessable token is the credential (J6)
            "GET /r/{token}",
            "GET /u/{token}",
            "POST /u/{token}");

    private static final Pattern VARIABLE = Pattern.compile("\\{[^}]+}");

    @Autowired
    ApplicationContext context;

    @Test
    void everyEndpointNotOnTheAllowListNeedsCredentials() {
        List<String> checked = new ArrayList<>();
        List<String> open = new ArrayList<>();
        context.getBeansOfType(RequestMappingInfoHandlerMapping.class)
                .values()
                .forEach(mapping -> mapping.getHandlerMethods()
                        .keySet()
                        .forEach(info -> endpoints(info).forEach(endpoint -> {
                            checked.add(endpoint);
                            String[] parts = endpoint.split(" ", 2);
                            String path = VARIABLE.matcher(parts[1])
                                    .replaceAll(UUID.randomUUID().toString())
                                    .replace("/**", "/anything");
                            Answer answer = api.send(parts[0], path, Map.of("Accept", "application/json"), null);
                            boolean isPublic = PUBLIC.contains(endpoint);
                            if (!isPublic && answer.status() != 401) {
                                open.add(endpoint + " answered " + answer.status());
                            }
                            if (!isPublic) {
                                assertThat(answer.contentType()).as(endpoint).startsWith("application/problem+json");
                            }
                        })));
        assertThat(checked).as("the walk found the API").contains("GET /api/v1/users", "POST /api/v1/tokens");
        assertThat(open).as("endpoints open without credentials").isEmpty();
    }

    @Test
    void allowListedEndpointsReallyArePublic() {
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/readiness", null)
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("UP");
        assertThat(api.get("/v3/api-docs", null).json().path("paths").has("/api/v1/users"))
                .isTrue();
        assertThat(api.get("/login", null).status()).isEqualTo(200);
    }

    @Test
    void metricsNeedAToken() {
        assertThat(api.get("/actuator/prometheus", null).status()).isEqualTo(401);
        Answer metrics =
                api.send("GET", "/actuator/prometheus", Map.of("Authorization", "Bearer " + ADMIN_TOKEN), null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.raw().body()).contains("jvm_memory_used_bytes").contains("hikaricp_connections");
    }

    @Test
    void consoleAndApiSendSecurityHeaders() {
        Answer page = api.get("/login", null);
        assertThat(page.raw().headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(
                        csp -> assertThat(csp).contains("default-src 'self'").contains("frame-ancestors 'none'"));
        assertThat(page.raw().headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.raw().headers().firstValue("X-Frame-Options")).hasValue("DENY");
        Answer api401 = api.get("/api/v1/users", ADMIN_TOKEN);
        assertThat(api401.raw().headers().firstValue("Cache-Control"))
                .hasValueSatisfying(value -> assertThat(value).contains("no-store"));
    }

    private static List<String> endpoints(RequestMappingInfo info) {
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        List<String> out = new ArrayList<>();
        for (String pattern : info.getPatternValues()) {
            if (methods.isEmpty()) {
                out.add("GET " + pattern);
            } else {
                methods.forEach(m -> out.add(m.name() + " " + pattern));
            }
        }
        return out;
    }
}
