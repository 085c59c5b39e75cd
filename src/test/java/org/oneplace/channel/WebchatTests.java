package org.oneplace.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.oneplace.Api.assertProblem;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oneplace.Api;
import org.oneplace.Api.Answer;
import org.oneplace.Channels;
import org.oneplace.Channels.Account;
import org.oneplace.OneplaceIntegrationTest;
import org.oneplace.channel.webchat.WebchatRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The web chat's public endpoints: identity verification by HMAC (SIG-12), typed e-mails that stay claims
 * (SEC-08), sessions in a header (SEC-09), allowed origins, replies the visitor sees and notes they never see
 * (SEC-07), and a double submit that posts once.
 */
class WebchatTests extends OneplaceIntegrationTest {

    private Channels channels;
    private Account chat;

    @BeforeEach
    void connect() {
        channels = new Channels(api, ADMIN_TOKEN);
        chat = channels.webchat("https://shop.example");
    }

    @Test
    void aSignedInUserIsProvenByTheSitesHmacAndNothingElseIs() {
        String userId = "u-" + UUID.randomUUID();
        String good = Channels.identityHash(chat.setting("identitySecret"), userId);
        String token = channels.chatSession(chat, Map.of("userId", userId, "userHash", good));
        assertThat(channels.chat(token, "Hi, it's me").status()).isEqualTo(202);
        String customer = channels.awaitCustomer("user_id", userId);
        channels.awaitThread(customer, t -> t.size() == 1);

        for (Map<String, Object> forged : List.of(
                Map.<String, Object>of(
                        "userId", userId, "userHash", good.replace('a', 'b').replace('1', '2')),
                Map.<String, Object>of("userId", userId))) {
            Answer refused = api.send(
                    "POST",
                    "/widget/" + chat.id() + "/sessions",
                    Map.of("Content-Type", "application/json"),
                    Api.JSON.writeValueAsString(forged));
            assertProblem(refused, 403, "identity hash does not match");
        }
    }

    @Test
    void aTypedEmailOfAnExistingCustomerIsOnlyAClaimOnTheVisitorsOwnRecord() {
        String email = "known-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String userId = "u-" + UUID.randomUUID();
        api.segment("/v1/identify", WRITE_KEY, Map.of("userId", userId, "traits", Map.of("email", email)));
        String known = channels.awaitCustomer("user_id", userId);

        String anonymous = "anon-" + UUID.randomUUID();
        String token = channels.chatSession(chat, Map.of("anonymousId", anonymous, "email", email));
        channels.chat(token, "Show me my orders");
        String visitor = channels.awaitCustomer("anonymous_id", anonymous);
        assertThat(visitor).as("no merge into the existing customer").isNotEqualTo(known);
        channels.awaitThread(visitor, t -> t.size() == 1);
        assertThat(channels.conversationsOf(known))
                .as("the known customer's record is untouched")
                .isEmpty();
        assertThat(customerId("email", email)).isEqualTo(known);
    }

    @Test
    void theVisitorSeesRepliesButNeverNotesAndADoubleSubmitPostsOnce() {
        String anonymous = "anon-" + UUID.randomUUID();
        String token = channels.chatSession(chat, Map.of("anonymousId", anonymous));
        String clientId = UUID.randomUUID().toString();
        Map<String, String> headers = Map.of("Content-Type", "application/json", "X-Widget-Session", token);
        String body = Api.JSON.writeValueAsString(Map.of("text", "Where is my order?", "clientId", clientId));
        assertThat(api.send("POST", "/widget/messages", headers, body).status()).isEqualTo(202);
        assertThat(api.send("POST", "/widget/messages", headers, body).status()).isEqualTo(202);
        String customer = channels.awaitCustomer("anonymous_id", anonymous);
        channels.awaitThread(customer, t -> t.size() == 1);
        String conversation =
                channels.conversationsOf(customer).getFirst().path("id").asString();

        api.post(
                "/api/v1/conversations/" + conversation + "/messages",
                ADMIN_TOKEN,
                Map.of("content", "Internal: VIP customer", "private", true));
        Answer reply = api.post(
                "/api/v1/conversations/" + conversation + "/messages",
                ADMIN_TOKEN,
                Map.of("content", "It ships tomorrow."));
        channels.awaitStatus(conversation, reply.json().path("id").asString(), "sent");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(channels.chatLines(token).stream()
                                .map(l -> l.path("direction").asString() + ": "
                                        + l.path("content").asString())
                                .toList())
                        .containsExactly("in: Where is my order?", "out: It ships tomorrow."));
        assertThat(channels.messages(conversation)).hasSize(3);
    }

    @Test
    void sessionsTravelInAHeaderAndOnlyAllowedOriginsMayUseTheChat() {
        assertProblem(api.send("GET", "/widget/messages", Map.of(), null), 401, "X-Widget-Session");
        assertProblem(api.send("GET", "/widget/messages", Map.of("X-Widget-Session", "made-up"), null), 401, "unknown");
        Answer foreign = api.send(
                "POST",
                "/widget/" + chat.id() + "/sessions",
                Map.of("Content-Type", "application/json", "Origin", "https://evil.example"),
                "{}");
        assertProblem(foreign, 403, "https://evil.example");
        Answer allowed = api.send(
                "POST",
                "/widget/" + chat.id() + "/sessions",
                Map.of("Content-Type", "application/json", "Origin", "https://shop.example"),
                "{}");
        assertThat(allowed.status()).isEqualTo(201);
        assertThat(allowed.raw().headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("https://shop.example");
        Answer script = api.send("GET", "/widget.js", Map.of(), null);
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.raw().body()).contains("X-Widget-Session").doesNotContain("innerHTML");
    }

    /** A visitor writes and their message is threaded; answers the customer they turned out to be. */
    private String visitorWrote(String token, String anonymous, String text) {
        assertThat(channels.chat(token, text).status()).isEqualTo(202);
        String customer = channels.awaitCustomer("anonymous_id", anonymous);
        channels.awaitThread(customer, t -> t.size() == 1);
        return customer;
    }

    /** The customer's web-chat sessions in their export, once the one session is theirs. */
    private JsonNode exportedChats(String customer) {
        JsonNode[] sessions = new JsonNode[1];
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            sessions[0] = api.get("/api/v1/customers/" + customer + "/export", ADMIN_TOKEN)
                    .json()
                    .path("channelPayloads")
                    .path("webchatSessions");
            assertThat(sessions[0].size()).isEqualTo(1);
        });
        return sessions[0];
    }

    @Test
    void aVisitorsChatIsExportedAndErasedWithThemAndTheSessionEnds() {
        String anonymous = "anon-" + UUID.randomUUID();
        String token = channels.chatSession(chat, Map.of("anonymousId", anonymous, "name", "Rosa"));
        String customer = visitorWrote(token, anonymous, "My card number ends in 4242");
        assertThat(exportedChats(customer).toString()).contains("My card number ends in 4242", anonymous, "Rosa");

        Answer erased = api.delete("/api/v1/customers/" + customer + "?confirm=" + customer, ADMIN_TOKEN);
        assertThat(erased.status()).as(erased.toString()).isLessThan(300);
        // the visitor's session is over: its token opens nothing, and what was said there is gone
        assertProblem(
                api.send("GET", "/widget/messages?after=0", Map.of("X-Widget-Session", token), null),
                401,
                "start a new session");
        assertThat(channels.chat(token, "Still there?").status()).isEqualTo(401);
    }

    @Autowired
    WebchatRepository chats;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aSessionThatNeverBecameAnybodysIsDeletedAfterItsRetentionAClaimedOneIsNot() {
        String idle = channels.chatSession(chat, Map.of("anonymousId", "anon-" + UUID.randomUUID(), "name", "Lu"));
        String anonymous = "anon-" + UUID.randomUUID();
        String claimed = channels.chatSession(chat, Map.of("anonymousId", anonymous));
        exportedChats(visitorWrote(claimed, anonymous, "Hello?"));
        // both were last used 40 days ago
        jdbc.sql("update webchat_session set last_seen_at = now() - interval '40 days' where token_hash in (:hashes)")
                .param("hashes", List.of(Channels.sha256Hex(idle), Channels.sha256Hex(claimed)))
                .update();

        Instant retention = Instant.now().minus(Duration.ofDays(30));
        int purged = chats.purgeUnclaimedBefore(retention);
        assertThat(purged).as("the idle session only").isEqualTo(1);
        assertProblem(
                api.send("GET", "/widget/messages?after=0", Map.of("X-Widget-Session", idle), null),
                401,
                "start a new session");
        assertThat(api.send("GET", "/widget/messages?after=0", Map.of("X-Widget-Session", claimed), null)
                        .status())
                .isEqualTo(200);
    }
}
