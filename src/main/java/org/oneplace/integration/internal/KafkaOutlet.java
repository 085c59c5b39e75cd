package org.oneplace.integration.internal;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The domain events to Kafka, when {@code ONEPLACE_KAFKA_BOOTSTRAP_SERVERS} names a cluster (off otherwise: nothing
 * connects). A topic per event type ({@code ONEPLACE_KAFKA_TOPIC_PREFIX} + {@code order.placed}), the customer id as
 * the key (so a consumer sees one customer's events in order, on one partition), the webhooks' envelope as a JSON
 * string value. Sent from the same listener that records webhooks, which the event publication log calls again
 * until the send is acknowledged: at least once.
 *
 * <p>Spring Modulith's own Kafka externalisation ({@code spring-modulith-events-kafka}) is not served for Modulith
 * 2.1 here; this does the same job (a transactional listener in the publication log, one send per event) with
 * spring-kafka's template.
 */
@Component
public class KafkaOutlet {

    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final @Nullable KafkaTemplate<Object, Object> template;
    private final String prefix;
    private final JsonMapper json;

    KafkaOutlet(
            ObjectProvider<KafkaTemplate<Object, Object>> templates,
            @Value("${spring.kafka.bootstrap-servers:}") String servers,
            @Value("${oneplace.kafka.topic-prefix:oneplace.}") String prefix,
            JsonMapper json) {
        this.template = servers.isBlank() ? null : templates.getIfAvailable();
        this.prefix = prefix;
        this.json = json;
    }

    public boolean enabled() {
        return template != null;
    }

    /** Sends and waits for the broker's acknowledgement; a failure throws, so the listener is called again. */
    void publish(List<Envelopes.Envelope> envelopes) {
        if (template == null) {
            return;
        }
        for (Envelopes.Envelope envelope : envelopes) {
            String key = envelope.customerId() != null ? envelope.customerId().toString() : envelope.key();
            try {
                template.send(prefix + envelope.type(), key, json.writeValueAsString(envelope.body()))
                        .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted sending " + envelope.type() + " to Kafka", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Kafka did not take " + envelope.type() + "; it is sent again", e);
            }
        }
    }
}
