package org.oneplace.fulfilment.internal;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.oneplace.consent.ConsentService;
import org.oneplace.customer.CustomerService;
import org.oneplace.customer.CustomerSummary;
import org.oneplace.customer.IdentifierType;
import org.oneplace.customer.IdentifierView;
import org.oneplace.fulfilment.FulfilmentProperties;
import org.oneplace.fulfilment.FulfilmentService;
import org.oneplace.fulfilment.PickupReady;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.ConsentPurpose;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Tells a customer their pickup is ready, with the code, on the first channel in {@link #PREFERENCE} they consented
 * to for transactional messages and that Oneplace can send on. Today that is e-mail over SMTP ({@code spring.mail.*});
 * messaging channels join when the channel module sends, and marketing's channel choice replaces this class.
 *
 * <p>Runs after the commit that made the pickup ready, from the event publication log: a failed send (SMTP down)
 * throws, so the publication is retried with backoff rather than lost.
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

    private final CustomerService customers;
    private final ConsentService consents;
    private final FulfilmentService fulfilment;
    private final ObjectProvider<JavaMailSender> mail;
    private final FulfilmentProperties properties;

    PickupNotices(
            CustomerService customers,
            ConsentService consents,
            FulfilmentService fulfilment,
            ObjectProvider<JavaMailSender> mail,
            FulfilmentProperties properties) {
        this.customers = customers;
        this.consents = consents;
        this.fulfilment = fulfilment;
        this.mail = mail;
        this.properties = properties;
    }

    @ApplicationModuleListener
    void on(PickupReady ready) {
        Optional<CustomerSummary> customer = customers.summary(ready.customerId());
        StringBuilder skipped = new StringBuilder();
        for (ChannelType channel : PREFERENCE) {
            if (!consents.allows(ready.customerId(), channel, ConsentPurpose.TRANSACTIONAL)) {
                continue;
            }
            if (channel == ChannelType.EMAIL) {
                Optional<String> address = customer.flatMap(c -> c.identifiers().stream()
                        .filter(i -> i.type() == IdentifierType.EMAIL)
                        .map(IdentifierView::value)
                        .findFirst());
                JavaMailSender sender = mail.getIfAvailable();
                if (address.isPresent() && sender != null) {
                    sender.send(email(
                            ready,
                            address.get(),
                            customer.map(CustomerSummary::name).orElse(null)));
                    fulfilment.noticeGiven(ready.orderId(), channel.code(), "sent", null);
                    return;
                }
                skipped.append(address.isEmpty() ? "no e-mail address on record; " : "e-mail is not configured; ");
                continue;
            }
            skipped.append(channel.code()).append(" consented but not yet sendable; ");
        }
        fulfilment.noticeGiven(
                ready.orderId(),
                null,
                "not_sent",
                skipped.isEmpty()
                        ? "the customer has not consented to transactional messages on any channel"
                        : skipped.toString().strip());
    }

    private SimpleMailMessage email(PickupReady ready, String to, String name) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.noticeFrom());
        message.setTo(to);
        message.setSubject("Your order #" + ready.number() + " is ready for pickup at " + ready.locationName());
        message.setText((name == null ? "Hello" : "Hello " + name) + ",\n\n"
                + "your order #" + ready.number() + " is waiting for you at " + ready.locationName() + ".\n"
                + "Your pickup code: " + ready.code() + "\n"
                + "Please collect it by " + WHEN.format(ready.deadline()) + ".\n");
        return message;
    }
}
