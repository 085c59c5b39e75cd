package org.oneplace.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.oneplace.Api;
import org.oneplace.Channels;
import org.oneplace.Channels.Account;
import org.oneplace.OneplaceIntegrationTest;

/**
 * SEC-11 with the limits on, as in production: sign-in attempts per address and per e-mail, and chat sessions per
 * address, end in 429 problems with {@code Retry-After}, and a forged {@code X-Forwarded-For} does not buy a fresh
 * allowance. Each case calls from a loopback address of its own (127.x.y.z), so that the other tests' calls from
 * 127.0.0.1 neither count here nor are throttled.
 */
class RateLimitTests extends OneplaceIntegrationTest {

    private static final int SIGN_IN_PER_MINUTE = 60; // as OneplaceIntegrationTest sets it
    private static final int CHAT_SESSIONS_PER_MINUTE = 120;

    private static HttpClient from(InetAddress address) {
        return HttpClient.newBuilder().localAddress(address).build();
    }

    private static InetAddress someLoopback() throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return InetAddress.getByAddress(new byte[] {
            127, (byte) random.nextInt(1, 250), (byte) random.nextInt(1, 250), (byte) random.nextInt(2, 250)
        });
    }

    private HttpResponse<String> signIn(HttpClient client, String email, String forwardedFor) throws Exception {
        String form = "username=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password=wrong";
        return client.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/problem+json")
                        .header("X-Forwarded-For", forwardedFor)
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertLimited(HttpResponse<String> answer, String what) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(429);
        assertThat(answer.headers().firstValue("Retry-After").map(Long::parseLong))
                .hasValueSatisfying(seconds -> assertThat(seconds).isBetween(1L, 60L));
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(Api.JSON.readTree(answer.body()).path("detail").asString()).contains(what);
    }

    @Test
    void signInAttemptsFromOneAddressAreLimitedWhateverXForwardedForSays() throws Exception {
        HttpClient client = from(someLoopback());
        // a different e-mail and a different claimed address every time: only the connection's address counts
        int tried = 0;
        HttpResponse<String> answer = signIn(client, "guess-" + UUID.randomUUID() + "@example.com", "203.0.113.1");
        while (answer.statusCode() != 429 && tried < SIGN_IN_PER_MINUTE * 2) {
            tried++;
            answer = signIn(client, "guess-" + UUID.randomUUID() + "@example.com", "203.0.113." + (tried % 250));
        }
        // the allowance refills continuously (one a second here), so a few more than the minute's count get through
        assertThat(tried).isBetween(SIGN_IN_PER_MINUTE, SIGN_IN_PER_MINUTE + 10);
        assertLimited(answer, "signing in from one address");
    }

    @Test
    void signInAttemptsForOneEmailAreLimitedFromAnyAddress() throws Exception {
        String email = "target-" + UUID.randomUUID() + "@example.com";
        int tried = 0;
        HttpResponse<String> answer = signIn(from(someLoopback()), email, "");
        while (answer.statusCode() != 429 && tried < SIGN_IN_PER_MINUTE * 2) {
            tried++;
            // the same person, however the e-mail is spelt
            answer = signIn(from(someLoopback()), tried % 2 == 0 ? email : email.toUpperCase(), "");
        }
        assertThat(tried).isBetween(SIGN_IN_PER_MINUTE, SIGN_IN_PER_MINUTE + 10);
        assertLimited(answer, "signing in as one user");
    }

    @Test
    void chatSessionsFromOneAddressAreLimited() throws Exception {
        Account chat = new Channels(api, ADMIN_TOKEN).webchat("https://shop.example");
        HttpClient client = from(someLoopback());
        HttpRequest start = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/widget/" + chat.id() + "/sessions"))
                .header("Content-Type", "application/json")
                .header("Origin", "https://shop.example")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        // the allowance refills continuously (2 a second here), so a few more than the minute's count get through
        int started = 0;
        HttpResponse<String> answer = client.send(start, HttpResponse.BodyHandlers.ofString());
        while (answer.statusCode() == 201 && started < CHAT_SESSIONS_PER_MINUTE * 2) {
            started++;
            answer = client.send(start, HttpResponse.BodyHandlers.ofString());
        }
        assertThat(started).isBetween(CHAT_SESSIONS_PER_MINUTE, CHAT_SESSIONS_PER_MINUTE + 20);
        assertLimited(answer, "starting chats from one address");
        // another visitor is not affected
        assertThat(from(someLoopback())
                        .send(start, HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(201);
    }
}
