package org.oneplace;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.oneplace.integration.WebhookEventTypes;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Base of the tests that drive the running application over HTTP. All of them share one application context and
 * so one embedded PostgreSQL (in a fresh directory per test JVM, fsync off for speed — the product default is
 * durable). Tests create their own data and never assume an empty database beyond the bootstrap admin.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "oneplace.platform.embedded-database.durable=false",
            // logging starts before the per-JVM data dir is known: keep the test log out of the project's ./data
            "logging.file.name=target/test-logs/oneplace.log",
            "oneplace.platform.events.upkeep-interval=1s",
            "oneplace.platform.events.initial-backoff=200ms",
            "oneplace.platform.events.max-attempts=5",
            "db-scheduler.polling-interval=500ms",
            "oneplace.inventory.expiry-interval=1s",
            "oneplace.fulfilment.no-show-interval=1s",
            "oneplace.conversation.outbox-interval=200ms",
            "oneplace.routing.sla-scan-interval=1s",
            "oneplace.marketing.run-interval=300ms",
            "oneplace.marketing.replenishment-scan-interval=1s",
            "oneplace.analytics.run-interval=300ms",
            // webhook retries seconds apart rather than the spec's minutes and hours
            "oneplace.webhooks.run-interval=300ms",
            "oneplace.webhooks.retry-schedule=1s,1s,1s,2s,2s,3s",
            "oneplace.channel.email.imap-interval=1s",
            "oneplace.platform.web.stream-heartbeat=1s",
            // SEC-11: the limits stay on in tests; every test calls from 127.0.0.1, so those that share that address
            // get room (RateLimitTests exceeds these from addresses of its own)
            "oneplace.platform.rate-limits.sign-in-per-minute=60",
            "oneplace.platform.rate-limits.password-resets-per-minute=60",
            "oneplace.platform.rate-limits.chat-sessions-per-minute=120",
            "oneplace.platform.rate-limits.api-per-minute=1000000",
            "oneplace.platform.rate-limits.tracking-per-minute=1000000",
            // WireMock stand-ins delay past this to play a provider that took a message but never answered
            "oneplace.channel.send-timeout=2s",
            // the provider stand-ins (WireMock) and mail servers (GreenMail) listen on this machine; everything else
            // on it stays refused (HostileInputTests aims at other loopback addresses)
            "oneplace.outbound.allow=localhost,127.0.0.1",
            // the base of e-mailed links (password resets); tests take the token from the link and call this server
            "oneplace.platform.public-url=https://oneplace.test",
            "oneplace.staff.bootstrap.admin-email=" + OneplaceIntegrationTest.ADMIN_EMAIL,
            "oneplace.staff.bootstrap.admin-password=" + OneplaceIntegrationTest.ADMIN_PASSWORD,
            "oneplace.staff.bootstrap.api-token=" + OneplaceIntegrationTest.ADMIN_TOKEN,
            "oneplace.staff.bootstrap.write-key=" + OneplaceIntegrationTest.WRITE_KEY
        })
public abstract class OneplaceIntegrationTest {

    public static final String ADMIN_EMAIL = "owner@example.com";
    public static final String ADMIN_PASSWORD = "correct horse battery staple";
    public static final String ADMIN_TOKEN = "op_test_bootstrap_admin_token_0123456789";
    public static final String WRITE_KEY = "wk_test_bootstrap_web";

    private static final Path DATA_DIR = temporaryDataDir();

    /** A real SMTP server (GreenMail) the application sends its e-mail to, shared by all tests like the context. */
    public static final GreenMail MAIL = startMail();

    /** Where Oneplace's own SMTP listener receives mail for its e-mail channels. */
    public static final int SMTP_LISTENER_PORT = freePort();

    @LocalServerPort
    protected int port;

    protected Api api;

    /**
     * A real Kafka broker (KRaft, in this JVM) the domain events go to, one topic per event type, so every test runs
     * with Kafka on as a production installation with ONEPLACE_KAFKA_BOOTSTRAP_SERVERS set would.
     */
    public static final EmbeddedKafkaKraftBroker KAFKA = startKafka();

    private static EmbeddedKafkaKraftBroker startKafka() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(
                1,
                1,
                WebhookEventTypes.ALL.keySet().stream()
                        .map(type -> "oneplace." + type)
                        .toArray(String[]::new));
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
        return broker;
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("oneplace.platform.data-dir", DATA_DIR::toString);
        registry.add("spring.kafka.bootstrap-servers", KAFKA::getBrokersAsString);
        registry.add("spring.mail.host", () -> "localhost");
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
        registry.add("oneplace.channel.email.smtp-port", () -> SMTP_LISTENER_PORT);
    }

    @BeforeEach
    void api() {
        api = new Api("http://localhost:" + port);
    }

    /** The customer holding an identifier, as {@code GET /api/v1/customers/lookup} answers; fails when nobody does. */
    protected JsonNode customer(String type, String value) {
        Api.Answer answer = api.get(
                "/api/v1/customers/lookup?type=" + type + "&value=" + URLEncoder.encode(value, StandardCharsets.UTF_8),
                ADMIN_TOKEN);
        assertThat(answer.status()).as(type + " " + value + ": " + answer).isEqualTo(200);
        return answer.json();
    }

    /** The mails GreenMail received for an address, oldest first. */
    protected static java.util.List<jakarta.mail.internet.MimeMessage> mailsTo(String to) {
        return java.util.Arrays.stream(MAIL.getReceivedMessages())
                .filter(m -> {
                    try {
                        return java.util.Arrays.stream(m.getAllRecipients())
                                .anyMatch(r -> r.toString().equals(to));
                    } catch (jakarta.mail.MessagingException e) {
                        return false;
                    }
                })
                .toList();
    }

    /** The first mail GreenMail receives for an address, waiting up to 20 s for it. */
    protected static jakarta.mail.internet.MimeMessage awaitMail(String to) {
        return org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> mailsTo(to), mails -> !mails.isEmpty())
                .getFirst();
    }

    protected String customerId(String type, String value) {
        return customer(type, value).path("id").asString();
    }

    private static GreenMail startMail() {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        return mail;
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporaryDataDir() {
        try {
            return Files.createTempDirectory("oneplace-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
