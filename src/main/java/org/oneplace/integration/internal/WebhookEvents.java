package org.oneplace.integration.internal;

import java.time.Clock;
import java.util.List;
import org.oneplace.consent.ConsentChanged;
import org.oneplace.conversation.ConversationOpened;
import org.oneplace.conversation.ConversationResolved;
import org.oneplace.conversation.MessageReceived;
import org.oneplace.conversation.ReplySent;
import org.oneplace.customer.CustomerErased;
import org.oneplace.customer.CustomersMerged;
import org.oneplace.customer.CustomersUnmerged;
import org.oneplace.fulfilment.PickupReady;
import org.oneplace.fulfilment.ReturnReceived;
import org.oneplace.order.OrderPlaced;
import org.oneplace.order.OrderStatusChanged;
import org.oneplace.shared.Uuid7;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the domain events into webhook messages (see {@link Envelopes}) and, when configured, Kafka records, after
 * their commits: the publication log calls a listener again until it succeeds, and the event's key makes a second
 * call record no second webhook message. The body is fixed when recorded and signed as stored.
 */
@Component
class WebhookEvents {

    private final DeliveryRepository deliveries;
    private final KafkaOutlet kafka;
    private final JsonMapper json;
    private final Clock clock;

    WebhookEvents(DeliveryRepository deliveries, KafkaOutlet kafka, JsonMapper json, Clock clock) {
        this.deliveries = deliveries;
        this.kafka = kafka;
        this.json = json;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(CustomersMerged event) {
        record(event);
    }

    @ApplicationModuleListener
    void on(CustomersUnmerged event) {
        record(event);
    }

    @ApplicationModuleListener
    void on(CustomerErased event) {
        record(event);
    }

    @ApplicationModuleListener
    void on(ConsentChanged event) {
        record(event);
    }

    @ApplicationModuleListener
    void on(ConversationOpened event) {
        record(event);
    }

    @ApplicationModuleListener
    void on(ConversationResolved event) {
        record(event);
    }

    @ApplicationModuleListener
    void on(MessageReceived event) {
        record(event);
    }

    @ApplicationModuleListener
    void on(ReplySent event) {
        record(event);
    }

    @ApplicationModuleListener
    void on(OrderPlaced event) {
        if (!event.imported()) { // history from the integrator's own systems: they have it already
            record(event);
        }
    }

    @ApplicationModuleListener
    void on(OrderStatusChanged event) {
        record(event);
    }

    @ApplicationModuleListener
    void on(PickupReady event) {
        record(event);
    }

    @ApplicationModuleListener
    void on(ReturnReceived event) {
        record(event);
    }

    private void record(Object event) {
        List<Envelopes.Envelope> envelopes = Envelopes.of(event);
        for (Envelopes.Envelope envelope : envelopes) {
            String id = "msg_" + Uuid7.next().toString().replace("-", "");
            deliveries.record(
                    id,
                    envelope.type() + ":" + envelope.key(),
                    envelope.type(),
                    envelope.customerId(),
                    json.writeValueAsString(envelope.body()),
                    envelope.occurredAt(),
                    clock.instant());
        }
        // after the webhooks are recorded (once, by the event's key): a failed send calls all this again
        kafka.publish(envelopes);
    }
}
