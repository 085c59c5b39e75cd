package org.oneplace.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.oneplace.Api.assertProblem;

import com.icegreen.greenmail.util.GreenMailUtil;
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

/** Least-loaded assignment within a team, SLA clocks that pause, and the breach scan's escalation. */
class RoutingTests extends OneplaceIntegrationTest {

    private record Agent(String id, String token, String email) {}

    private Agent agent(Commerce commerce, String role) {
        String email = Commerce.unique(role).toLowerCase() + "@staff.example.com";
        Answer user = api.post(
                "/api/v1/users", ADMIN_TOKEN, Map.of("email", email, "displayName", email, "roles", List.of(role)));
        assertThat(user.status()).as(user.toString()).isEqualTo(201);
        String id = user.json().path("user").path("id").asString();
        Answer token = api.post(
                "/api/v1/tokens",
                ADMIN_TOKEN,
                Map.of("name", "inbox", "scopes", List.of("conversations:read", "conversations:write"), "ownerId", id));
        assertThat(token.status()).as(token.toString()).isEqualTo(201);
        return new Agent(id, token.json().path("secret").asString(), email);
    }

    private void presence(Agent agent, String status, int capacity) {
        Answer answer = api.put("/api/v1/presence", agent.token(), Map.of("status", status, "capacity", capacity));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    private String write(Channels channels, Account whatsapp, String text) {
        String waId = Channels.mobile().substring(1);
        channels.meta(
                whatsapp,
                Channels.whatsappText(
                        whatsapp,
                        waId,
                        "C",
                        "wamid." + UUID.randomUUID(),
                        text,
                        Instant.now().getEpochSecond()));
        String customer = channels.awaitCustomer("whatsapp", waId);
        channels.awaitThread(customer, t -> !t.isEmpty());
        return channels.conversationsOf(customer).getFirst().path("id").asString();
    }

    private JsonNode conversation(String id) {
        return api.get("/api/v1/conversations/" + id, ADMIN_TOKEN).json();
    }

    @Test
    void conversationsGoToTheLeastLoadedAvailableAgentAndABreachEscalates() throws Exception {
        Commerce commerce = new Commerce(api, ADMIN_TOKEN);
        Channels channels = new Channels(api, ADMIN_TOKEN);
        Account whatsapp = channels.whatsapp();
        Channels.PROVIDERS.stubFor(post(urlEqualTo("/v21.0/" + whatsapp.setting("phoneNumberId") + "/messages"))
                .willReturn(okJson("{\"messages\":[{\"id\":\"wamid.r-" + UUID.randomUUID() + "\"}]}")));
        Agent ana = agent(commerce, "AGENT");
        Agent ben = agent(commerce, "AGENT");
        Agent offline = agent(commerce, "AGENT");
        Agent lead = agent(commerce, "SUPERVISOR");
        Answer team = api.post(
                "/api/v1/teams",
                ADMIN_TOKEN,
                Map.of(
                        "name", "Support " + UUID.randomUUID(),
                        "memberIds", List.of(ana.id(), ben.id(), offline.id(), lead.id()),
                        "channelIds", List.of(whatsapp.id())));
        assertThat(team.status()).as(team.toString()).isEqualTo(201);
        String teamId = team.json().path("id").asString();
        Answer policy = api.post(
                "/api/v1/sla-policies",
                ADMIN_TOKEN,
                Map.of(
                        "name",
                        "Fast " + UUID.randomUUID(),
                        "teamId",
                        teamId,
                        "firstResponse",
                        "PT3S",
                        "resolution",
                        "PT1H"));
        assertThat(policy.status()).as(policy.toString()).isEqualTo(201);
        assertThat(policy.json().path("firstResponse").asString()).isEqualTo("PT3S");
        try {
            presence(ana, "online", 5);
            presence(ben, "online", 5);
            presence(offline, "offline", 5);

            String first = write(channels, whatsapp, "first");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !conversation(first).path("assigneeId").isNull());
            String firstAgent = conversation(first).path("assigneeId").asString();
            assertThat(firstAgent).isIn(ana.id(), ben.id());
            String second = write(channels, whatsapp, "second");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !conversation(second).path("assigneeId").isNull());
            assertThat(conversation(second).path("assigneeId").asString())
                    .as("the least-loaded agent")
                    .isNotEqualTo(firstAgent)
                    .isIn(ana.id(), ben.id());

            // the second agent answers in time: first response met, clocks paused while waiting on the customer
            Agent secondAgent =
                    conversation(second).path("assigneeId").asString().equals(ana.id()) ? ana : ben;
            Answer reply = api.post(
                    "/api/v1/conversations/" + second + "/messages",
                    secondAgent.token(),
                    Map.of("content", "Looking into it"));
            assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode sla = api.get("/api/v1/conversations/" + second + "/sla", ADMIN_TOKEN)
                        .json();
                assertThat(sla.path("firstResponse").path("status").asString()).isEqualTo("met");
                assertThat(sla.path("paused").asBoolean()).isTrue();
                assertThat(sla.path("resolution").path("status").asString()).isEqualTo("pending");
            });

            // nobody answers the first one within 3 s: breached, reassigned to the other agent, supervisor told
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode sla = api.get("/api/v1/conversations/" + first + "/sla", ADMIN_TOKEN)
                        .json();
                assertThat(sla.path("firstResponse").path("status").asString()).isEqualTo("breached");
                assertThat(sla.path("escalations").asInt()).isEqualTo(1);
            });
            assertThat(conversation(first).path("assigneeId").asString()).isNotEqualTo(firstAgent);
            assertThat(channels.messages(first).getLast().path("content").asString())
                    .startsWith("SLA breached: first response was due");
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(Arrays.stream(MAIL.getReceivedMessages())
                                    .filter(m -> recipients(m).contains(lead.email()))
                                    .map(GreenMailUtil::getBody)
                                    .toList())
                            .anySatisfy(body -> assertThat(body).contains(first)));
        } finally {
            presence(ana, "offline", 5);
            presence(ben, "offline", 5);
        }
        assertProblem(api.get("/api/v1/conversations/" + UUID.randomUUID() + "/sla", ADMIN_TOKEN), 404, "no SLA");
        assertProblem(
                api.post("/api/v1/sla-policies", ADMIN_TOKEN, Map.of("name", "bad", "firstResponse", "PT0S")),
                400,
                "positive");
        assertProblem(
                api.put("/api/v1/presence", ADMIN_TOKEN, Map.of("status", "busy")), 400, "online, away or offline");
    }

    @Test
    void agentsSeeOnlyTheirTeamsConversationsAndOthersAnswer404() {
        Commerce commerce = new Commerce(api, ADMIN_TOKEN);
        Channels channels = new Channels(api, ADMIN_TOKEN);
        Account ours = channels.whatsapp();
        Account theirs = channels.whatsapp();
        Agent agent = agent(commerce, "AGENT");
        Agent other = agent(commerce, "AGENT");
        api.post(
                "/api/v1/teams",
                ADMIN_TOKEN,
                Map.of(
                        "name",
                        "X " + UUID.randomUUID(),
                        "memberIds",
                        List.of(agent.id()),
                        "channelIds",
                        List.of(ours.id())));
        api.post(
                "/api/v1/teams",
                ADMIN_TOKEN,
                Map.of(
                        "name",
                        "Y " + UUID.randomUUID(),
                        "memberIds",
                        List.of(other.id()),
                        "channelIds",
                        List.of(theirs.id())));
        String mine = write(channels, ours, "for team X");
        String notMine = write(channels, theirs, "for team Y");

        assertThat(api.get("/api/v1/conversations/" + mine, agent.token()).status())
                .isEqualTo(200);
        assertProblem(api.get("/api/v1/conversations/" + notMine, agent.token()), 404, "no conversation");
        assertProblem(api.get("/api/v1/conversations/" + notMine + "/messages", agent.token()), 404, "no conversation");
        assertProblem(
                api.post(
                        "/api/v1/conversations/" + notMine + "/messages",
                        agent.token(),
                        Map.of("content", "peek", "private", true)),
                404,
                "no conversation");
        String list = api.get("/api/v1/conversations?status=open&limit=100", agent.token())
                .raw()
                .body();
        assertThat(list).contains(mine).doesNotContain(notMine);
        assertThat(api.get("/api/v1/conversations/" + notMine, ADMIN_TOKEN).status())
                .as("supervisors and admins see every team's")
                .isEqualTo(200);
        assertThat(channels.messages(notMine)).hasSize(1);
    }

    private static String recipients(MimeMessage message) {
        try {
            return Arrays.toString(message.getAllRecipients());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
