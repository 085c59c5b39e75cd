package org.oneplace.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.oneplace.OneplaceIntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * The official Segment Node SDK ({@code @segment/analytics-node}, installed from npm into {@code target/}) sends
 * to the running application unchanged: two anonymous devices of one person end in one customer with both
 * anonymous ids and every event.
 */
class SegmentSdkTests extends OneplaceIntegrationTest {

    private static final Path SOURCE = Path.of("src/test/node/segment-client");
    private static final Path CLIENT = Path.of("target/segment-client");

    @Test
    void theOfficialNodeSdkMakesOneCustomerOfTwoDevices() throws Exception {
        installClient();
        String laptop = "sdk-laptop-" + UUID.randomUUID();
        String phone = "sdk-phone-" + UUID.randomUUID();
        String userId = "sdk-user-" + UUID.randomUUID();
        String email = "sdk" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

        String output =
                run(List.of("node", "send.js", "http://127.0.0.1:" + port, WRITE_KEY, laptop, phone, userId, email));
        assertThat(output).contains("flushed");

        JsonNode customer = customer("user_id", userId);
        List<String> identifiers = new ArrayList<>();
        customer.path("identifiers")
                .forEach(i -> identifiers.add(
                        i.path("type").asString() + ":" + i.path("value").asString()));
        assertThat(identifiers)
                .containsExactlyInAnyOrder(
                        "anonymous_id:" + laptop, "anonymous_id:" + phone, "user_id:" + userId, "email:" + email);
        assertThat(customer.path("name").asString()).isEqualTo("Jo Walker");

        JsonNode items = api.get("/api/v1/customers/" + customer.path("id").asString() + "/timeline", ADMIN_TOKEN)
                .json()
                .path("items");
        List<String> types = new ArrayList<>();
        items.forEach(i -> types.add(i.path("type").asString()));
        assertThat(types)
                .containsExactlyInAnyOrder(
                        "page_viewed", "product_viewed", "identified", "screen_viewed", "product_added", "identified");
    }

    private static void installClient() throws IOException, InterruptedException {
        Files.createDirectories(CLIENT);
        for (String file : List.of("package.json", "package-lock.json", "send.js")) {
            Files.copy(SOURCE.resolve(file), CLIENT.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(CLIENT.resolve("node_modules/@segment/analytics-node"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"));
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(CLIENT.toFile())
                .redirectErrorStream(true)
                .start();
        boolean finished = process.waitFor(180, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(finished).as(command + " finished: " + output).isTrue();
        assertThat(process.exitValue()).as(command + " output: " + output).isZero();
        return output;
    }
}
