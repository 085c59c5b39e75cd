package org.oneplace.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.Channels;
import org.oneplace.Channels.Account;
import org.oneplace.OneplaceIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * FLT-01: the database is unavailable when a WhatsApp webhook arrives. The webhook answers 503 with Retry-After
 * (never 200), so Meta retries; once the database is back, the retry is stored once and becomes one message.
 */
class DatabaseOutageTests extends OneplaceIntegrationTest {

    @Autowired
    HikariDataSource dataSource;

    @Test
    void aWebhookDuringAnOutageAnswers503AndItsRetryIsStoredOnce() throws Exception {
        Channels channels = new Channels(api, ADMIN_TOKEN);
        Account whatsapp = channels.whatsapp();
        String waId = Channels.mobile().substring(1);
        String body = Channels.whatsappText(
                whatsapp,
                waId,
                "Out",
                "wamid.outage-" + UUID.randomUUID(),
                "Are you there?",
                Instant.now().getEpochSecond());
        // the outage: no new connections to the application's database, and every open one closed
        String admin = dataSource.getJdbcUrl().replaceFirst("/postgres(\\?|$)", "/template1$1");
        try (Connection c = DriverManager.getConnection(admin, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("alter database postgres allow_connections false");
            try {
                s.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = 'postgres'");
                Answer during = channels.meta(whatsapp, body);
                assertThat(during.status()).as(during.toString()).isEqualTo(503);
                assertThat(during.contentType()).startsWith("application/problem+json");
                assertThat(during.raw().headers().firstValue("Retry-After")).isPresent();
                assertThat(during.detail()).contains("nothing was stored");
            } finally {
                s.execute("alter database postgres allow_connections true");
            }
        }
        // Meta retries: stored and threaded once
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(channels.meta(whatsapp, body).status()).isEqualTo(200));
        assertThat(channels.meta(whatsapp, body).status()).isEqualTo(200);
        String customer = channels.awaitCustomer("whatsapp", waId);
        channels.awaitThread(customer, t -> t.size() == 1);
        channels.assertThreadStays(customer, 1);
    }
}
