package org.oneplace.channel;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.customer.IdentifierType;
import org.oneplace.shared.ChannelType;

/**
 * One kind of channel, in its provider's own wire format. An adapter is a bean in its own subpackage of
 * {@code channel}; the webhook endpoint, storage, de-duplication and the outbound guards are shared and never in an
 * adapter. Every adapter passes the shared adapter contract test.
 */
public interface ChannelAdapter {

    ChannelType type();

    /** The path under {@code /webhooks/} the provider calls, e.g. {@code whatsapp} or {@code twilio/sms}. */
    String webhookPath();

    /** The settings keys an account of this kind takes; secrets among them are write-only. */
    Settings settings();

    /** The identifier that addresses a customer on this channel, e.g. a WhatsApp id or a phone number. */
    List<IdentifierType> addressedBy();

    /** The longest text the provider takes in one message, in characters. */
    int maxLength();

    /**
     * Called once a stored request has been processed, with the customers it turned out to be about, for adapters
     * that keep their own state per person (the web chat's sessions).
     */
    default void processed(StoredRequest request, Set<UUID> customers) {}

    /** Whether {@link #processed} does anything; when not, the request is not read again. */
    default boolean remembersCustomers() {
        return false;
    }

    /** Whether approved templates ({@link MessageTemplate}) can be sent, also outside the service window. */
    default boolean sendsTemplates() {
        return false;
    }

    /** How long after the customer's last message free-form replies are allowed; empty when unlimited. */
    default Optional<Duration> serviceWindow() {
        return Optional.empty();
    }

    /**
     * Answers the provider's subscription handshake (Meta's {@code hub.challenge}); empty when the request is not
     * one for this account or the token does not match.
     */
    default Optional<String> handshake(ChannelAccount account, WebhookRequest request) {
        return Optional.empty();
    }

    /**
     * Whether the request was sent by the provider for this account: a signature over the raw bytes or a secret
     * header, compared in constant time. Called before anything is parsed or stored.
     */
    boolean authentic(ChannelAccount account, WebhookRequest request);

    /**
     * Whether an authentic request is really addressed to this account (e.g. its phone number id), for providers
     * that sign with a secret several accounts can share.
     */
    default boolean addressedTo(ChannelAccount account, WebhookRequest request) {
        return true;
    }

    /**
     * The provider's de-duplication key of an authentic request: a redelivery gives the same key.
     *
     * @throws UnusableEventException when the payload cannot be read; it is then quarantined, not retried
     */
    String dedupeKey(WebhookRequest request);

    /**
     * Who sent the request, as the provider names them (a WhatsApp id, a phone number, a chat id), when that is cheap
     * to see: requests of one sender are then processed one at a time, in order, by one worker. Null spreads the
     * request over any worker.
     */
    default @Nullable String senderKey(WebhookRequest request) {
        return null;
    }

    /** What a stored request carries, read again when it is processed. */
    Inbound read(ChannelAccount account, StoredRequest request);

    /** The body answered to the provider after the request is committed. */
    default WebhookAnswer acknowledgement() {
        return WebhookAnswer.OK;
    }

    /** A file a stored request carried, by the {@code ref} its message listed; empty when the adapter has none. */
    default Optional<AttachmentFile> attachment(StoredRequest request, String ref) {
        return Optional.empty();
    }

    /** The de-duplication keys a stored request of a message with this provider id may have been stored under. */
    default List<String> storedKeys(String externalId) {
        return List.of(externalId);
    }

    /** Sends one message through the provider's API; never throws for a provider's answer. */
    SendOutcome send(ChannelAccount account, OutboundMessage message);

    /** The keys of an account's settings. */
    record Settings(Set<String> required, Set<String> optional, Set<String> secrets) {
        public Settings {
            required = Set.copyOf(required);
            optional = Set.copyOf(optional);
            secrets = Set.copyOf(secrets);
        }
    }

    /** A payload that is authentic but cannot be read. */
    final class UnusableEventException extends RuntimeException {
        public UnusableEventException(String reason) {
            super(reason);
        }
    }
}
