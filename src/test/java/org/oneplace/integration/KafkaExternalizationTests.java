package org.oneplace.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.oneplace.Api;
import org.oneplace.Api.Answer;
import org.oneplace.Channels;
import org.oneplace.Commerce;
import org.oneplace.OneplaceIntegrationTest;
import org.oneplace.SegmentCalls;
import tools.jackson.databind.JsonNode;

/**
 * The domain events on a real Kafka broker (KRaft, started in the test JVM): an order placed through the API is read
 * back from the {@code oneplace.order.placed} topic with the customer's id as its key and the webhooks' envelope as
 * its value.
 */
class KafkaExternalizationTests extends OneplaceIntegrationTest {

    @Test
    void anOrderPlacedReachesItsTopicKeyedByTheCustomer() {
        Commerce shop = new Commerce(api, ADMIN_TOKEN);
        String sku = shop.sku("Kafka mug " + UUID.randomUUID(), 1_200);
        shop.stock(sku, shop.location("Kafka warehouse " + UUID.randomUUID(), 52.5, 13.4, false), 10);
        String user = "kafka-" + UUID.randomUUID();
        Answer identified = api.segment(
                "/v1/batch",
                WRITE_KEY,
                Map.of("batch", List.of(SegmentCalls.identify(user, user + "-dev", Instant.now(), Map.of()))));
        assertThat(identified.status()).isEqualTo(200);
        String customer = new Channels(api, ADMIN_TOKEN).awaitCustomer("user_id", user);
        String orderId = shop.shipped(customer, "web", sku, 1).path("id").asString();

        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBrokersAsString());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("oneplace.order.placed"));
            List<ConsumerRecord<String, String>> mine = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (mine.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value().contains(orderId)) {
                        mine.add(record);
                    }
                }
            }
            assertThat(mine).as("order.placed for %s on Kafka", orderId).isNotEmpty();
            ConsumerRecord<String, String> record = mine.getFirst();
            assertThat(record.key()).isEqualTo(customer);
            JsonNode value = Api.JSON.readTree(record.value());
            assertThat(value.path("type").asString()).isEqualTo("order.placed");
            assertThat(value.path("version").asInt()).isEqualTo(1);
            assertThat(value.path("data").path("orderId").asString()).isEqualTo(orderId);
            assertThat(value.path("data").path("total").path("amount").asLong()).isEqualTo(1_200);
        }
    }
}
