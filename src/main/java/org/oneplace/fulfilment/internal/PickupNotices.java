package org.oneplace.fulfilment.internal;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.oneplace.channel.Messaging;
import org.oneplace.customer.CustomerSummary;
import org.oneplace.customer.Customers;
import org.oneplace.fulfilment.FulfilmentProperties;
import org.oneplace.fulfilment.FulfilmentService;
import org.oneplace.fulfilment.PickupReady;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.ConsentPurpose;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Tells a customer their pickup is ready, with the code, through the messaging port: on the first channel in
 * {@link #PREFERENCE} they consented to for transactional messages and can be reached on (e-mail goes by the
 * installation's mail server, {@code spring.mail.*}, when no e-mail channel is connected).
 *
 * <p>Runs after the commit that made the pickup ready, from the event publication log: a send that failed for now
 * (SMTP down, a provider asking to wait) throws, so the publication is retried with backoff rather than lost.
 */
@Component
class PickupNotices {

    /** Most immediate first: a message the customer reads on the way beats an e-mail read at home. */
    static final List<ChannelType> PREFERENCE = List.of(
            ChannelType.WHATSAPP,
            ChannelType.SMS,
            ChannelType.PUSH,
            ChannelType.EMAIL,
            ChannelType.MESSENGER,
            ChannelType.INSTAGRAM,
            ChannelType.TELEGRAM);

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Customers customers;
    private final Messaging messaging;
    private final FulfilmentService fulfilment;
    private final FulfilmentProperties properties;

    PickupNotices(
            Customers customers, Messaging messaging, FulfilmentService fulfilment, FulfilmentProperties properties) {
        this.customers = customers;
        this.messaging = messaging;
        this.fulfilment = fulfilment;
        this.properties = properties;
    }

    @ApplicationModuleListener
    void on(PickupReady ready) {
        String name =
                customers.summary(ready.customerId()).map(CustomerSummary::name).orElse(null);
        Messaging.Delivery delivery = messaging.deliver(new Messaging.Notice(
                ready.customerId(),
                ConsentPurpose.TRANSACTIONAL,
                "Your order #" + ready.number() + " is ready for pickup at " + ready.locationName(),
                text(ready, name),
                PREFERENCE,
                properties.noticeFrom()));
        fulfilment.noticeGiven(
                ready.orderId(),
                delivery.channel() == null ? null : delivery.channel().code(),
                delivery.status(),
                delivery.reason());
    }

    private static String text(PickupReady ready, String name) {
        return (name == null ? "Hello" : "Hello " + name) + ",\n\n"
                + "your order #" + ready.number() + " is waiting for you at " + ready.locationName() + ".\n"
                + "Your pickup code: " + ready.code() + "\n"
                + "Please collect it by " + WHEN.format(ready.deadline()) + ".\n";
    }
}
