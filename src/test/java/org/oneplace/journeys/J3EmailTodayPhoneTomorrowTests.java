package org.oneplace.journeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.oneplace.Api.Answer;
import org.oneplace.Channels;
import org.oneplace.Channels.Account;
import org.oneplace.Commerce;
import org.oneplace.OneplaceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * J3 — Email today, phone tomorrow: a known customer's mail and the agent's threaded reply over real SMTP
 * (GreenMail), then the phone system's call events for the customer's number, the agent's notes and the
 * resolution in the same conversation, with SLA clocks showing the first response by e-mail and the resolution on
 * the phone.
 */
class J3EmailTodayPhoneTomorrowTests extends OneplaceIntegrationTest {

    @Test
    void theCallJoinsTheEmailThreadAndTheSlaClocksShowBoth() throws Exception {
        Channels channels = new Channels(api, ADMIN_TOKEN);
        Commerce commerce = new Commerce(api, ADMIN_TOKEN);
        Commerce.Staff member = commerce.staff("AGENT", "customers:read", "conversations:read", "conversations:write");
        String agent = member.token();

        // a known customer: email and phone on record
        String email = "jon-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.example";
        String phone = Channels.mobile();
        String userId = "u-" + UUID.randomUUID();
        assertThat(api.segment(
                                "/v1/identify",
                                WRITE_KEY,
                                Map.of(
                                        "userId",
                                        userId,
                                        "traits",
                                        Map.of("email", email, "phone", phone, "name", "Jon")))
                        .status())
                .isEqualTo(200);
        String customer = channels.awaitCustomer("user_id", userId);

        // the support address and the phone system, answered by one team with an SLA
        String support = "help-" + UUID.randomUUID().toString().substring(0, 8) + "@shop.example";
        Account mailbox = channels.email(support);
        Account phoneSystem = channels.voice();
        Answer team = api.post(
                "/api/v1/teams",
                ADMIN_TOKEN,
                Map.of(
                        "name",
                        "Billing " + UUID.randomUUID(),
                        "memberIds",
                        List.of(member.id()),
                        "channelIds",
                        List.of(mailbox.id(), phoneSystem.id())));
        assertThat(team.status()).as(team.toString()).isEqualTo(201);
        Answer policy = api.post(
                "/api/v1/sla-policies",
                ADMIN_TOKEN,
                Map.of(
                        "name",
                        "Billing " + UUID.randomUUID(),
                        "teamId",
                        team.json().path("id").asString(),
                        "firstResponse",
                        "PT4H",
                        "nextResponse",
                        "PT8H",
                        "resolution",
                        "P2D"));
        assertThat(policy.status()).as(policy.toString()).isEqualTo(201);

        // 1. the customer writes about a wrong charge; the agent replies by email
        String messageId = "<charge-" + UUID.randomUUID() + "@customer.example>";
        Channels.mail(email, support, "Wrong charge", "You charged me 49 € twice.", messageId, Map.of());
        List<JsonNode> thread = channels.awaitThread(customer, t -> t.size() == 1);
        String conversation = thread.getFirst().path("conversationId").asString();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(api.get("/api/v1/conversations/" + conversation + "/sla", agent)
                                .status())
                        .isEqualTo(200));
        Answer reply = api.post(
                "/api/v1/conversations/" + conversation + "/messages",
                agent,
                Map.of("content", "Sorry! We are refunding one of the charges."));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.json().path("channel").asString()).isEqualTo("email");
        channels.awaitStatus(conversation, reply.json().path("id").asString(), "sent");
        MimeMessage answer = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> Arrays.stream(MAIL.getReceivedMessages())
                                .filter(m -> recipients(m).contains(email))
                                .findFirst()
                                .orElse(null),
                        m -> m != null);
        assertThat(answer.getHeader("In-Reply-To", null))
                .as("threads in the mail client")
                .isEqualTo(messageId);
        assertThat(answer.getHeader("References", null)).isEqualTo(messageId);
        assertThat(answer.getSubject()).isEqualTo("Re: Wrong charge");

        // 2. next day the customer phones: the phone system's call pops up the customer and the open conversation
        String callId = "call-" + UUID.randomUUID();
        Map<String, Object> call = Map.of(
                "event", "newCall", "callId", callId, "from", phone, "to", "+493055555555", "direction", "inbound");
        assertThat(channels.call(phoneSystem, call).status()).isEqualTo(200);
        JsonNode byNumber = customer("phone", phone);
        assertThat(byNumber.path("id").asString()).isEqualTo(customer);
        JsonNode open = api.get("/api/v1/conversations?customerId=" + customer + "&status=open", agent)
                .json()
                .path("items")
                .get(0);
        assertThat(open.path("id").asString()).isEqualTo(conversation);
        List<JsonNode> withCall = channels.awaitThread(customer, t -> t.size() == 3);
        assertThat(withCall.stream().map(m -> m.path("channel").asString()).toList())
                .containsExactly("email", "email", "phone");

        // the agent logs the call and its notes into the same conversation, and resolves it
        assertThat(channels.call(
                                phoneSystem,
                                Map.of(
                                        "event",
                                        "answer",
                                        "callId",
                                        callId,
                                        "from",
                                        phone,
                                        "to",
                                        "+493055555555",
                                        "direction",
                                        "inbound",
                                        "agent",
                                        "agent@shop.example"))
                        .status())
                .isEqualTo(200);
        assertThat(channels.call(
                                phoneSystem,
                                Map.of(
                                        "event",
                                        "hangup",
                                        "callId",
                                        callId,
                                        "from",
                                        phone,
                                        "to",
                                        "+493055555555",
                                        "direction",
                                        "inbound",
                                        "durationSeconds",
                                        240))
                        .status())
                .isEqualTo(200);
        channels.awaitThread(customer, t -> t.size() == 5);
        Answer note = api.post(
                "/api/v1/conversations/" + conversation + "/messages",
                agent,
                Map.of("content", "Called back: refund of 49 € confirmed, reference R-1.", "private", true));
        assertThat(note.status()).isEqualTo(201);
        channels.awaitThread(customer, t -> t.size() == 6);
        Answer resolved = api.post("/api/v1/conversations/" + conversation + "/resolve", agent, Map.of());
        assertThat(resolved.json().path("status").asString()).isEqualTo("resolved");

        // SLA clocks: first response met by the e-mail, resolution met on the phone day
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode sla = api.get("/api/v1/conversations/" + conversation + "/sla", agent)
                    .json();
            assertThat(sla.path("firstResponse").path("status").asString()).isEqualTo("met");
            assertThat(Instant.parse(sla.path("firstResponse").path("at").asString()))
                    .isEqualTo(Instant.parse(reply.json().path("createdAt").asString()));
            assertThat(sla.path("resolution").path("status").asString()).isEqualTo("met");
            assertThat(sla.path("resolution").path("at").isNull()).isFalse();
        });
        List<JsonNode> all = channels.messages(conversation);
        assertThat(all.stream().map(m -> m.path("kind").asString()).toList())
                .containsExactly("message", "message", "call", "call", "call", "message");
        assertThat(all.get(4).path("content").asString()).isEqualTo("Call ended after 4 min 0 s");
    }

    private static String recipients(MimeMessage message) {
        try {
            return Arrays.toString(message.getAllRecipients());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
