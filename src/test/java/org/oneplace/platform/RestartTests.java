package org.oneplace.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.oneplace.Api;
import org.oneplace.OneplaceApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Oneplace stopped and started again on the same data directory keeps everything, bootstraps nothing twice, and
 * recovers from the lock file a crashed PostgreSQL leaves behind. These tests start the application the way the
 * README does, in the durable default mode.
 */
@ExtendWith(OutputCaptureExtension.class)
class RestartTests {

    private static final String TOKEN = "op_restart_test_token_0123456789";

    @Test
    void dataSurvivesARestartAndBootstrapRunsOnce(@TempDir Path dataDir) throws Exception {
        Map<String, Object> settings = Map.of(
                "oneplace.staff.bootstrap.admin-email", "first@example.com",
                "oneplace.staff.bootstrap.admin-password", "a long enough password",
                "oneplace.staff.bootstrap.api-token", TOKEN,
                "oneplace.staff.bootstrap.write-key", "wk_restart_test");

        withApp(dataDir, settings, api -> {
            assertThat(api.post(
                                    "/api/v1/users",
                                    TOKEN,
                                    Map.of(
                                            "email",
                                            "kept@example.com",
                                            "displayName",
                                            "Kept",
                                            "roles",
                                            List.of("AGENT")))
                            .status())
                    .isEqualTo(201);
            return null;
        });
        assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();

        // A crash leaves postmaster.pid behind; the next start must clean it up rather than refuse to start.
        Files.writeString(dataDir.resolve("postgres/postmaster.pid"), "999999\n" + dataDir + "\n");

        withApp(dataDir, settings, api -> {
            JsonNode users = api.get("/api/v1/users", TOKEN).json().path("items");
            assertThat(users.valueStream().map(u -> u.path("email").asString()))
                    .containsExactly("first@example.com", "kept@example.com");
            assertThat(api.get("/api/v1/tokens", TOKEN).json().path("items").size())
                    .isEqualTo(1);
            assertThat(api.get("/api/v1/write-keys", TOKEN).json().path("items").size())
                    .isEqualTo(1);
            return null;
        });
    }

    @Test
    void withoutAConfiguredAdminAPasswordIsGeneratedAndPrintedOnce(@TempDir Path dataDir, CapturedOutput output)
            throws Exception {
        withApp(dataDir, Map.of(), api -> null);
        assertThat(output.getAll())
                .containsOnlyOnce("Oneplace created the first admin")
                .contains("a***@oneplace.local"); // console lines mask e-mail addresses too (issue 12)
        withApp(dataDir, Map.of(), api -> null);
        assertThat(output.getAll()).containsOnlyOnce("Oneplace created the first admin");
    }

    @Test
    void anExternalDatabaseStartsNoEmbeddedOne(@TempDir Path dataDir, @TempDir Path externalDir) throws Exception {
        try (EmbeddedPostgres external = EmbeddedPostgres.builder()
                .setDataDirectory(externalDir)
                .setCleanDataDirectory(true)
                .start()) {
            Map<String, Object> settings = Map.of(
                    "spring.datasource.url",
                    external.getJdbcUrl("postgres", "postgres"),
                    "spring.datasource.username",
                    "postgres",
                    "oneplace.staff.bootstrap.api-token",
                    TOKEN,
                    "oneplace.inventory.expiry-interval",
                    "1s",
                    "db-scheduler.polling-interval",
                    "500ms");
            withApp(dataDir, settings, api -> {
                assertThat(api.get("/actuator/health/readiness", null)
                                .json()
                                .path("status")
                                .asString())
                        .isEqualTo("UP");
                assertThat(api.get("/api/v1/users", TOKEN).status()).isEqualTo(200);
                // background jobs run against the external database too: a one-second reservation expires
                org.oneplace.Commerce shop = new org.oneplace.Commerce(api, TOKEN);
                String sku = shop.sku("Job probe", 100);
                String store = shop.location("Job store", 1.0, 1.0, true);
                shop.stock(sku, store, 1);
                assertThat(api.post(
                                        "/api/v1/reservations",
                                        TOKEN,
                                        Map.of("sku", sku, "locationCode", store, "quantity", 1, "ttlSeconds", 1))
                                .status())
                        .isEqualTo(201);
                java.time.Instant deadline = java.time.Instant.now().plusSeconds(20);
                while (shop.level(sku, store).path("reserved").asInt() > 0
                        && java.time.Instant.now().isBefore(deadline)) {
                    sleep(200);
                }
                assertThat(shop.level(sku, store).path("reserved").asInt()).isZero();
                return null;
            });
            assertThat(dataDir.resolve("postgres")).doesNotExist();
        }
    }

    /**
     * Issue 18: a journey's wait is a row with a due time, not a timer in memory. Stopped in the middle of the wait,
     * the next start sends the message once when the wait ends — never twice, never not at all.
     */
    @Test
    void aJourneyStoppedInTheMiddleOfAWaitSendsOnceAfterTheRestart(@TempDir Path dataDir) throws Exception {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        try {
            Map<String, Object> settings = Map.of(
                    "oneplace.staff.bootstrap.api-token", TOKEN,
                    "oneplace.staff.bootstrap.write-key", "wk_restart_marketing",
                    "oneplace.platform.public-url", "https://oneplace.test",
                    "spring.mail.host", "localhost",
                    "spring.mail.port", String.valueOf(mail.getSmtp().getPort()),
                    "oneplace.marketing.run-interval", "300ms",
                    "db-scheduler.polling-interval", "300ms");
            String email = "restart-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            withApp(dataDir, settings, api -> {
                org.oneplace.Commerce shop = new org.oneplace.Commerce(api, TOKEN);
                String sku = shop.sku("Restart serum", 2000);
                shop.stock(sku, shop.location("Restart store", 1.0, 1.0, true), 5);
                int hour = java.time.Instant.now()
                        .atOffset(java.time.ZoneOffset.UTC)
                        .getHour();
                String zone = java.time.ZoneOffset.ofHours(Math.floorMod(12 - hour + 12, 24) - 12)
                        .getId();
                Api.Answer identify = api.segment(
                        "/v1/identify",
                        "wk_restart_marketing",
                        Map.of(
                                "userId",
                                "rae",
                                "traits",
                                Map.of("name", "Rae Start", "email", email, "timezone", zone)));
                assertThat(identify.status()).as(identify.toString()).isEqualTo(200);
                String id = api.get("/api/v1/customers/lookup?type=email&value=" + email, TOKEN)
                        .json()
                        .path("id")
                        .asString();
                assertThat(api.put(
                                        "/api/v1/customers/" + id + "/consents",
                                        TOKEN,
                                        Map.of("channel", "email", "purpose", "marketing", "status", "granted"))
                                .status())
                        .isEqualTo(200);
                String template = api.post(
                                "/api/v1/templates",
                                TOKEN,
                                Map.of(
                                        "name",
                                        "Later",
                                        "channel",
                                        "email",
                                        "subject",
                                        "Still there?",
                                        "body",
                                        "<p>{{#cart.lines}}{{name}} {{/cart.lines}}</p>"))
                        .json()
                        .path("id")
                        .asString();
                String journey = api.post(
                                "/api/v1/journeys",
                                TOKEN,
                                Map.of(
                                        "name", "Wait across a restart",
                                        "entry", Map.of("type", "cart_abandoned", "after", "PT1S"),
                                        "steps",
                                                List.of(
                                                        Map.of("id", "wait", "type", "wait", "duration", "PT8S"),
                                                        Map.of(
                                                                "id",
                                                                "remind",
                                                                "type",
                                                                "send",
                                                                "templateId",
                                                                template,
                                                                "channels",
                                                                List.of("email")))))
                        .json()
                        .path("id")
                        .asString();
                assertThat(api.post("/api/v1/journeys/" + journey + "/activate", TOKEN, Map.of())
                                .status())
                        .isEqualTo(200);
                assertThat(api.post(
                                        "/api/v1/customers/" + id + "/cart/lines",
                                        TOKEN,
                                        Map.of("sku", sku, "quantity", 1, "channel", "web"))
                                .status())
                        .isIn(200, 201);
                // the run has passed its entry and sits in the wait when this node stops
                java.time.Instant deadline = java.time.Instant.now().plusSeconds(20);
                while (!api.get("/api/v1/journeys/" + journey + "/report", TOKEN)
                                .raw()
                                .body()
                                .contains("\"stepId\":\"wait\",\"entered\":1")
                        && java.time.Instant.now().isBefore(deadline)) {
                    sleep(200);
                }
                assertThat(api.get("/api/v1/journeys/" + journey + "/report", TOKEN)
                                .raw()
                                .body())
                        .contains("\"stepId\":\"wait\",\"entered\":1")
                        .contains("\"stepId\":\"remind\",\"entered\":0");
                assertThat(mail.getReceivedMessages()).isEmpty();
                return null;
            });
            withApp(dataDir, settings, api -> {
                java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
                while (mail.getReceivedMessages().length == 0
                        && java.time.Instant.now().isBefore(deadline)) {
                    sleep(200);
                }
                sleep(2_000);
                return null;
            });
            assertThat(mail.getReceivedMessages()).hasSize(1);
            assertThat(mail.getReceivedMessages()[0].getAllRecipients()[0].toString())
                    .isEqualTo(email);
        } finally {
            mail.stop();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void withApp(Path dataDir, Map<String, Object> settings, Function<Api, Void> use) {
        Map<String, Object> properties = new HashMap<>(settings);
        properties.put("server.port", "0");
        properties.put("oneplace.platform.data-dir", dataDir.toString());
        // As command-line arguments: they outrank application.yml, as the environment variables do in production.
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(OneplaceApplication.class).run(args)) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            use.apply(new Api("http://localhost:" + port));
        }
    }
}
