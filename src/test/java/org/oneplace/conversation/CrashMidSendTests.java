package org.oneplace.conversation;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oneplace.Api;
import org.oneplace.Channels;
import org.oneplace.Channels.Account;
import org.oneplace.Node;

/**
 * FLT-09: the application, run as its own JVM as in production, is killed ({@code kill -9}) while a provider holds a
 * reply's send open. After a restart the reply is {@code unknown} — not {@code sending} forever and not sent again
 * blindly: the provider got exactly one request — and the provider's receipt echoing our id settles it (FLT-07).
 */
class CrashMidSendTests {

    private static final String TOKEN = "op_crash_test_token_0123456789";

    @Test
    void aSendCutOffByAKilledProcessBecomesUnknownIsNotResentAndAReceiptSettlesIt(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgres database = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("postgres"))
                .setCleanDataDirectory(true)
                .start()) {
            String jdbc = database.getJdbcUrl("postgres", "postgres");
            String conversation;
            String reply;
            Account whatsapp;
            String send;
            Node first = start(jdbc, dir, "first");
            try {
                Api api = first.ready();
                Channels channels = new Channels(api, TOKEN);
                whatsapp = channels.whatsapp();
                send = "/v21.0/" + whatsapp.setting("phoneNumberId") + "/messages";
                // the provider takes the request and holds it: the process dies before any answer
                Channels.PROVIDERS.stubFor(post(urlEqualTo(send))
                        .willReturn(okJson("{\"messages\":[{\"id\":\"wamid.late\"}]}")
                                .withFixedDelay(60_000)));
                String waId = Channels.mobile().substring(1);
                String customer =
                        channels.customerWrites(whatsapp, waId, "Ines", "Can you change my delivery address?");
                conversation =
                        channels.conversationsOf(customer).getFirst().path("id").asString();
                Api.Answer posted = api.post(
                        "/api/v1/conversations/" + conversation + "/messages",
                        TOKEN,
                        Map.of("content", "Done: it goes to the new address."));
                assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
                reply = posted.json().path("id").asString();
                String path = send;
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> Channels.PROVIDERS
                                        .findAll(postRequestedFor(urlEqualTo(path)))
                                        .size()
                                == 1);
            } finally {
                first.kill(); // SIGKILL: no shutdown hook, no rollback, no answer
            }

            Node second = start(jdbc, dir, "second");
            try {
                Api api = second.ready();
                Channels channels = new Channels(api, TOKEN);
                channels.awaitStatus(conversation, reply, "unknown");
                // unknown is never sent again by itself: a few outbox rounds later the provider still has one request
                Thread.sleep(1_500);
                assertThat(Channels.PROVIDERS.findAll(postRequestedFor(urlEqualTo(send))))
                        .hasSize(1);
                // Meta's receipt echoes our id (biz_opaque_callback_data): the reply did arrive
                channels.meta(
                        whatsapp,
                        Channels.whatsappStatus(
                                whatsapp,
                                "wamid.late",
                                "delivered",
                                reply,
                                Instant.now().getEpochSecond()));
                channels.awaitStatus(conversation, reply, "delivered");
            } finally {
                second.close();
            }
        }
    }

    /** The application in a JVM of its own (see {@link Node}), against the given database. */
    private static Node start(String jdbc, Path dir, String name) throws IOException {
        return Node.start(
                jdbc,
                dir.resolve("app"),
                "crash-mid-send-" + name,
                TOKEN,
                List.of(
                        "--db-scheduler.polling-interval=500ms",
                        // the killed node's outbox execution is taken over after 4 missed heartbeats (production:
                        // 4 × 5 s)
                        "--db-scheduler.heartbeat-interval=1s",
                        "--oneplace.conversation.outbox-interval=200ms",
                        // longer than the provider holds the request here, so the send is still open when the
                        // process dies
                        "--oneplace.channel.send-timeout=90s",
                        // how long a send may stay 'sending' before it counts as cut off; in production minutes
                        "--oneplace.conversation.abandoned-after=5s",
                        // the provider stand-in listens on this machine
                        "--oneplace.outbound.allow=localhost,127.0.0.1"));
    }
}
