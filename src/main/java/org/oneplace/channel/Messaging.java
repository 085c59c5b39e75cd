package org.oneplace.channel;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.internal.Adapters;
import org.oneplace.channel.internal.ChannelAccounts;
import org.oneplace.channel.internal.MailParts;
import org.oneplace.consent.ConsentService;
import org.oneplace.consent.SetConsent;
import org.oneplace.customer.CustomerSummary;
import org.oneplace.customer.Customers;
import org.oneplace.customer.IdentifierType;
import org.oneplace.customer.IdentifierView;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.ConsentPurpose;
import org.oneplace.shared.ConsentStatus;
import org.oneplace.shared.Uuid7;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one way a message leaves for a customer, whatever module sends it: conversation replies (queued by the
 * conversation module's outbox, which sends through {@link #send}), pickup notices and, next, marketing. It owns the
 * rules once: the customer's address on the channel, consent by purpose (a withdrawal — an SMS {@code STOP} — ends
 * every purpose it names, service replies included, as carriers require), the customer-service window, length
 * limits, and the choice of channel from a preference list. Module API: no permission is checked here; callers
 * serve people through their own secured services.
 */
@Service
public class Messaging {

    private final Adapters adapters;
    private final ChannelAccounts accounts;
    private final Customers customers;
    private final ConsentService consents;
    private final ObjectProvider<JavaMailSender> installationMail;
    private final Clock clock;

    Messaging(
            Adapters adapters,
            ChannelAccounts accounts,
            Customers customers,
            ConsentService consents,
            ObjectProvider<JavaMailSender> installationMail,
            Clock clock) {
        this.adapters = adapters;
        this.accounts = accounts;
        this.customers = customers;
        this.consents = consents;
        this.installationMail = installationMail;
        this.clock = clock;
    }

    // ---- accounts -------------------------------------------------------------------------------------------

    /** An account with its secrets, for sends. */
    @Transactional(readOnly = true)
    public Optional<ChannelAccount> account(UUID id) {
        return accounts.find(id);
    }

    /** The accounts of one kind, oldest first. */
    @Transactional(readOnly = true)
    public List<ChannelAccount> accounts(ChannelType type) {
        return accounts.ofType(type);
    }

    /** The customer's address on a channel (e.g. their WhatsApp id), from their identifiers. */
    @Transactional(readOnly = true)
    public Optional<String> address(UUID channelId, UUID customerId) {
        ChannelAccount account = accounts.find(channelId).orElseThrow(() -> ChannelException.unknown(channelId));
        return address(account.type(), identifiers(customerId));
    }

    private Optional<String> address(ChannelType type, List<IdentifierView> identifiers) {
        for (IdentifierType identifier : adapters.of(type).addressedBy()) {
            Optional<String> value = identifiers.stream()
                    .filter(i -> i.type() == identifier)
                    .map(IdentifierView::value)
                    .findFirst();
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    private List<IdentifierView> identifiers(UUID customerId) {
        return customers.summary(customerId).map(CustomerSummary::identifiers).orElse(List.of());
    }

    /** The channels a customer can be reached on. */
    @Transactional(readOnly = true)
    public List<ChannelAccount> reachable(UUID customerId) {
        List<IdentifierView> identifiers = identifiers(customerId);
        return accounts.all().stream()
                .filter(a -> address(a.type(), identifiers).isPresent())
                .toList();
    }

    // ---- the rules ------------------------------------------------------------------------------------------

    /**
     * Checks a reply before it is queued, so the agent hears at once what the provider would refuse.
     *
     * @param lastInbound when the customer last wrote on this account, if ever
     * @param template an approved template to send instead of free text: allowed outside the window, on channels
     *     that send templates
     * @throws ChannelException 400 over the length limit or for a template where there are none, 409 outside the
     *     window, without consent, or after the customer withdrew it (STOP)
     */
    public void checkReply(
            UUID channelId,
            UUID customerId,
            String content,
            @Nullable Instant lastInbound,
            @Nullable MessageTemplate template) {
        Optional<ChannelException> refusal =
                refusal(channelId, customerId, ConsentPurpose.SERVICE, content, lastInbound, template);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
    }

    /**
     * Why a message could not be sent, if it could not; for callers that try without failing (the satisfaction
     * survey, the choice of a channel). Not transactional on purpose: a refusal must not mark the caller's
     * transaction for rollback.
     */
    public Optional<ChannelException> refusal(
            UUID channelId,
            UUID customerId,
            ConsentPurpose purpose,
            String content,
            @Nullable Instant lastInbound,
            @Nullable MessageTemplate template) {
        Optional<ChannelAccount> found = accounts.find(channelId);
        if (found.isEmpty()) {
            return Optional.of(ChannelException.unknown(channelId));
        }
        ChannelAccount account = found.get();
        ChannelAdapter adapter = adapters.of(account.type());
        String label = account.type().label();
        int length = content.codePointCount(0, content.length());
        if (adapter.maxLength() == 0) {
            return Optional.of(ChannelException.notAllowed(
                    "Cannot write here", label + " cannot carry written replies; pick another channel."));
        }
        if (template != null && !adapter.sendsTemplates()) {
            return Optional.of(ChannelException.invalid(
                    "Templates are sent on WhatsApp; on " + label + " write the message as text."));
        }
        if (template == null && length > adapter.maxLength()) {
            return Optional.of(ChannelException.invalid(label + " text messages are limited to " + adapter.maxLength()
                    + " characters; this one has " + length + ". Shorten it or split it."));
        }
        Optional<ConsentStatus> consent = consents.status(customerId, account.type(), purpose);
        if (consent.isPresent() && consent.get() != ConsentStatus.GRANTED) {
            return Optional.of(ChannelException.notAllowed(
                    "Opted out",
                    "The customer " + (consent.get() == ConsentStatus.REVOKED ? "withdrew" : "refused") + " "
                            + purpose.code() + " messages on " + label
                            + " (see their consents); nothing can be sent there for that purpose until they opt in"
                            + " again. Answer on another channel."));
        }
        Optional<Duration> window = adapter.serviceWindow();
        if (template == null
                && window.isPresent()
                && (lastInbound == null || lastInbound.plus(window.get()).isBefore(clock.instant()))) {
            return Optional.of(ChannelException.notAllowed(
                    "Outside the customer-service window",
                    label + " allows free-form messages only within "
                            + window.get().toHours()
                            + " hours of the customer's last message"
                            + (lastInbound == null
                                    ? " (they have not written on it)"
                                    : " (last at " + lastInbound + ")")
                            + "; only approved templates can be sent now (post a 'template'), or answer on"
                            + " another channel."));
        }
        boolean asked = purpose != ConsentPurpose.SERVICE || lastInbound == null;
        if (asked && ChannelType.CONSENT_CHANNELS.contains(account.type()) && consent.isEmpty()) {
            return Optional.of(ChannelException.notAllowed(
                    "No consent",
                    purpose == ConsentPurpose.SERVICE
                            ? "The customer has not written on " + label + " and has not consented to service"
                                    + " messages there; answer on a channel they used."
                            : "The customer has not consented to " + purpose.code() + " messages on " + label + "."));
        }
        return Optional.empty();
    }

    // ---- sending --------------------------------------------------------------------------------------------

    /**
     * Sends one queued message on an account (the conversation outbox's sends); the outcome says whether to retry,
     * wait for a receipt, or give up. The rules were checked when it was queued.
     */
    public SendOutcome send(UUID channelId, OutboundMessage message) {
        Optional<ChannelAccount> account = accounts.find(channelId);
        if (account.isEmpty()) {
            return new SendOutcome.Failed("the channel account no longer exists");
        }
        return adapters.of(account.get().type()).send(account.get(), message);
    }

    /**
     * A message Oneplace starts (not a reply): sent at once on the first channel of the preference the customer
     * can be reached on and the rules allow for the purpose.
     *
     * @param from the sender address when it goes by the installation's own mail server ({@code spring.mail.*}),
     *     the e-mail route used when no e-mail channel is connected
     */
    public record Notice(
            UUID customerId,
            ConsentPurpose purpose,
            String subject,
            String text,
            List<ChannelType> preference,
            String from,
            @Nullable String html,
            @Nullable String unsubscribeUrl) {

        public Notice(
                UUID customerId,
                ConsentPurpose purpose,
                String subject,
                String text,
                List<ChannelType> preference,
                String from) {
            this(customerId, purpose, subject, text, preference, from, null, null);
        }

        /** What an e-mail adapter reads besides the text: subject, HTML, the unsubscribe link. */
        Map<String, String> mailParts() {
            Map<String, String> parts = new java.util.HashMap<>();
            parts.put(OutboundMessage.SUBJECT, subject);
            parts.put("automatic", "true");
            if (html != null) {
                parts.put(OutboundMessage.HTML, html);
            }
            if (unsubscribeUrl != null) {
                parts.put(OutboundMessage.UNSUBSCRIBE, unsubscribeUrl);
            }
            return parts;
        }
    }

    /**
     * What became of a notice: {@code sent} on a channel, or {@code not_sent} with why not (each channel tried).
     *
     * @param accountId the channel account, null when it went by the installation's mail server
     */
    public record Delivery(
            String status,
            @Nullable ChannelType channel,
            @Nullable UUID accountId,
            @Nullable String reason) {

        public boolean sent() {
            return "sent".equals(status);
        }
    }

    /**
     * Sends a notice, or says why it could not go anywhere. A provider that asks to wait or may have sent it throws,
     * so a caller running from the event publication log is retried rather than losing the notice.
     */
    @Transactional(readOnly = true)
    public Delivery deliver(Notice notice) {
        List<IdentifierView> identifiers = identifiers(notice.customerId());
        List<String> skipped = new ArrayList<>();
        for (ChannelType type : notice.preference()) {
            if (!consents.allows(notice.customerId(), type, notice.purpose())) {
                continue;
            }
            Optional<String> address = adapters.types().contains(type) ? address(type, identifiers) : Optional.empty();
            List<ChannelAccount> candidates = accounts.ofType(type);
            if (type == ChannelType.EMAIL && candidates.isEmpty()) {
                Optional<Delivery> mailed = byInstallationMail(notice, identifiers, skipped);
                if (mailed.isPresent()) {
                    return mailed.get();
                }
                continue;
            }
            if (candidates.isEmpty()) {
                skipped.add(type.code() + ": no channel connected");
                continue;
            }
            if (address.isEmpty()) {
                skipped.add(type.code() + ": no address on record");
                continue;
            }
            for (ChannelAccount account : candidates) {
                Optional<ChannelException> refused =
                        refusal(account.id(), notice.customerId(), notice.purpose(), notice.text(), null, null);
                if (refused.isPresent()) {
                    skipped.add(type.code() + ": " + refused.get().getMessage());
                    continue;
                }
                SendOutcome outcome = send(
                        account.id(),
                        new OutboundMessage(
                                Uuid7.next(), address.get(), notice.text(), 1, null, notice.mailParts(), null));
                switch (outcome) {
                    case SendOutcome.Sent sent -> {
                        return new Delivery("sent", type, account.id(), null);
                    }
                    case SendOutcome.Failed failed -> skipped.add(type.code() + ": " + failed.reason());
                    case SendOutcome.Retry retry ->
                        throw new IllegalStateException(
                                "The " + type.code() + " provider asked to wait: " + retry.reason());
                    case SendOutcome.Unknown unknown ->
                        throw new IllegalStateException(
                                "The " + type.code() + " provider may not have sent it: " + unknown.reason());
                }
            }
        }
        return new Delivery(
                "not_sent",
                null,
                null,
                skipped.isEmpty()
                        ? "the customer has not consented to "
                                + notice.purpose().code() + " messages on any channel"
                        : String.join("; ", skipped));
    }

    private Optional<Delivery> byInstallationMail(
            Notice notice, List<IdentifierView> identifiers, List<String> skipped) {
        Optional<String> to = identifiers.stream()
                .filter(i -> i.type() == IdentifierType.EMAIL)
                .map(IdentifierView::value)
                .findFirst();
        JavaMailSender sender = installationMail.getIfAvailable();
        if (to.isEmpty() || sender == null) {
            skipped.add(to.isEmpty() ? "no e-mail address on record" : "e-mail is not configured");
            return Optional.empty();
        }
        try {
            MimeMessage mail = sender.createMimeMessage();
            mail.setFrom(new InternetAddress(notice.from()));
            mail.setRecipients(MimeMessage.RecipientType.TO, InternetAddress.parse(to.get()));
            mail.setHeader("Auto-Submitted", "auto-generated");
            MailParts.write(mail, notice.subject(), notice.text(), notice.mailParts());
            sender.send(mail);
        } catch (MessagingException e) {
            skipped.add("email: the mail could not be built: " + e.getMessage());
            return Optional.empty();
        } catch (MailException e) {
            // the installation's server is down or refused: the caller's publication is retried
            throw new IllegalStateException("The mail server did not take the notice: " + e.getMessage(), e);
        }
        return Optional.of(new Delivery("sent", ChannelType.EMAIL, null, null));
    }

    // ---- what customers said about being contacted ----------------------------------------------------------

    /** Records the consent choices a message expressed (an SMS STOP) for the customer it resolved to. */
    @Transactional
    public void recordConsent(UUID customerId, ChannelType channel, InboundMessage message) {
        for (InboundMessage.ConsentChoice choice : message.consent()) {
            consents.record(
                    customerId,
                    new SetConsent(
                            channel,
                            choice.purpose(),
                            choice.status(),
                            channel.code(),
                            choice.evidence() + " (message " + message.externalId() + ")",
                            message.sentAt()),
                    "channel:" + channel.code());
        }
    }
}
