package org.oneplace.channel.email;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.AttachmentFile;
import org.oneplace.channel.ChannelAccount;
import org.oneplace.channel.ChannelAdapter;
import org.oneplace.channel.Inbound;
import org.oneplace.channel.OutboundMessage;
import org.oneplace.channel.SendOutcome;
import org.oneplace.channel.StoredRequest;
import org.oneplace.channel.WebhookRequest;
import org.oneplace.channel.internal.ChannelProperties;
import org.oneplace.channel.internal.MailParts;
import org.oneplace.customer.IdentifierType;
import org.oneplace.platform.OutboundGuard;
import org.oneplace.shared.ChannelType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * E-mail (RELIABILITY §1.6): mail arrives through the SMTP listener or IMAP polling (never a webhook) and is stored
 * raw, de-duplicated by Message-ID (a content hash when there is none). Replies go out over the account's SMTP
 * server (else the installation's {@code SPRING_MAIL_*}) with a Message-ID that is the same on every attempt,
 * {@code In-Reply-To} the customer's last Message-ID, {@code References} per RFC 5322 and the subject of the
 * customer's latest mail, so they thread in the customer's mail client.
 */
@Component
class EmailAdapter implements ChannelAdapter {

    private final ObjectProvider<JavaMailSender> installationMail;
    private final ChannelProperties properties;
    private final OutboundGuard guard;
    private final Map<String, JavaMailSenderImpl> senders = new ConcurrentHashMap<>();

    EmailAdapter(ObjectProvider<JavaMailSender> installationMail, ChannelProperties properties, OutboundGuard guard) {
        this.installationMail = installationMail;
        this.properties = properties;
        this.guard = guard;
    }

    @Override
    public ChannelType type() {
        return ChannelType.EMAIL;
    }

    @Override
    public String webhookPath() {
        return "email";
    }

    @Override
    public Settings settings() {
        return new Settings(
                Set.of("address"),
                Set.of(
                        "smtpHost",
                        "smtpPort",
                        "smtpUsername",
                        "smtpPassword",
                        "imapHost",
                        "imapPort",
                        "imapUsername",
                        "imapPassword",
                        "imapSsl"),
                Set.of("smtpPassword", "imapPassword"));
    }

    @Override
    public List<IdentifierType> addressedBy() {
        return List.of(IdentifierType.EMAIL);
    }

    @Override
    public int maxLength() {
        return 100_000;
    }

    /** Mail never arrives over HTTP. */
    @Override
    public boolean authentic(ChannelAccount account, WebhookRequest request) {
        return false;
    }

    @Override
    public String dedupeKey(WebhookRequest request) {
        return MailReader.dedupeKey(request.body());
    }

    @Override
    public Inbound read(ChannelAccount account, StoredRequest request) {
        return Inbound.of(List.of(MailReader.read(request.body(), request.receivedAt())));
    }

    @Override
    public Optional<AttachmentFile> attachment(StoredRequest request, String ref) {
        if (MailReader.ORIGINAL.equals(ref)) {
            // the whole mail, headers and all: for the agent's mail program, or as evidence
            return Optional.of(new AttachmentFile("message.eml", "message/rfc822", request.body()));
        }
        if (!ref.startsWith("email-attachment:")) {
            return Optional.empty();
        }
        int index;
        try {
            index = Integer.parseInt(ref.substring("email-attachment:".length()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return MailReader.attachment(request.body(), index)
                .map(f -> new AttachmentFile(
                        f.name() == null ? "attachment-" + (index + 1) : f.name(), f.type(), f.bytes()));
    }

    @Override
    public List<String> storedKeys(String externalId) {
        return List.of("message-id:" + externalId, externalId);
    }

    @Override
    public SendOutcome send(ChannelAccount account, OutboundMessage message) {
        JavaMailSender sender = sender(account);
        if (sender == null) {
            return new SendOutcome.Failed("no SMTP server: set smtpHost on the channel or SPRING_MAIL_HOST");
        }
        if (account.setting("smtpHost") != null) {
            try {
                // the channel's own server, which an admin aimed: checked again before every connection
                guard.checkHost(
                        "the channel's SMTP server",
                        account.setting("smtpHost"),
                        Integer.parseInt(account.setting("smtpPort", "25")));
            } catch (OutboundGuard.RefusedException e) {
                return new SendOutcome.Failed(String.valueOf(e.getMessage()));
            }
        }
        String address = account.settings().get("address");
        String domain = address.substring(address.indexOf('@') + 1);
        String messageId = "<" + message.messageId() + "@" + domain + ">";
        try {
            MimeMessage mail = sender.createMimeMessage();
            // Spring's sender keeps a Message-ID that is set before sending: the same one on every attempt (§3.5)
            mail.setHeader("Message-ID", messageId);
            mail.setFrom(new InternetAddress(address));
            mail.setRecipients(MimeMessage.RecipientType.TO, InternetAddress.parse(message.to()));
            String subject = message.thread().get(OutboundMessage.SUBJECT);
            MailParts.write(
                    mail,
                    subject != null ? subject : replySubject(message.thread().get("subject")),
                    message.content(),
                    message.thread());
            String parent = message.thread().get("messageId");
            if (parent != null) {
                mail.setHeader("In-Reply-To", parent);
            }
            String references = message.thread().get("references");
            if (references != null && !references.isBlank()) {
                mail.setHeader("References", references);
            }
            if (message.thread().containsKey("automatic")) {
                mail.setHeader("Auto-Submitted", "auto-generated");
            }
            sender.send(mail);
            return new SendOutcome.Sent(messageId);
        } catch (MessagingException e) {
            return new SendOutcome.Failed("the mail could not be built: " + e.getMessage());
        } catch (MailAuthenticationException e) {
            return new SendOutcome.Failed("the SMTP server refused the login: " + e.getMessage());
        } catch (MailException e) {
            return classify(e);
        }
    }

    /** "Re: " and the customer's latest subject, without stacking prefixes (MAIL-04). */
    static String replySubject(@Nullable String subject) {
        if (subject == null || subject.isBlank()) {
            return "Re: your message";
        }
        String bare = subject.strip().replaceFirst("(?i)^((re|aw|sv|fw|fwd)(\\[\\d+])?:\\s*)+", "");
        return "Re: " + bare;
    }

    private static SendOutcome classify(MailException e) {
        for (Throwable cause : causes(e)) {
            if (cause instanceof SMTPSendFailedException failed) {
                return failed.getReturnCode() >= 500
                        ? new SendOutcome.Failed("the mail server refused it: "
                                + failed.getMessage().strip())
                        : new SendOutcome.Retry(
                                Duration.ofSeconds(30),
                                "the mail server deferred it: "
                                        + failed.getMessage().strip());
            }
            if (cause instanceof SMTPAddressFailedException failed) {
                return failed.getReturnCode() >= 500
                        ? new SendOutcome.Failed("the mail server refused the address: "
                                + failed.getMessage().strip())
                        : new SendOutcome.Retry(
                                Duration.ofSeconds(30),
                                "the mail server deferred it: "
                                        + failed.getMessage().strip());
            }
        }
        for (Throwable cause : causes(e)) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return new SendOutcome.Retry(Duration.ofSeconds(5), "the mail server could not be reached");
            }
            if (cause instanceof SocketTimeoutException) {
                return new SendOutcome.Unknown("the mail server did not answer in time; it may have been sent");
            }
        }
        return new SendOutcome.Retry(Duration.ofSeconds(30), "the mail could not be sent: " + e.getMessage());
    }

    /**
     * Everything that explains a failed send: the causes, the per-message failures Spring collects, and JavaMail's
     * chained exceptions (an SMTP reply sits behind {@code SendFailedException.getNextException()}).
     */
    private static List<Throwable> causes(MailException e) {
        List<Throwable> all = new java.util.ArrayList<>();
        java.util.Deque<Throwable> todo = new java.util.ArrayDeque<>();
        todo.add(e);
        if (e instanceof MailSendException send) {
            todo.addAll(send.getFailedMessages().values().stream()
                    .map(Throwable.class::cast)
                    .toList());
        }
        while (!todo.isEmpty() && all.size() < 50) {
            Throwable next = todo.poll();
            if (next == null || all.contains(next)) {
                continue;
            }
            all.add(next);
            if (next.getCause() != null) {
                todo.add(next.getCause());
            }
            if (next instanceof MessagingException messaging && messaging.getNextException() != null) {
                todo.add(messaging.getNextException());
            }
        }
        return all;
    }

    private @Nullable JavaMailSender sender(ChannelAccount account) {
        String host = account.setting("smtpHost");
        if (host == null) {
            return installationMail.getIfAvailable();
        }
        String key = account.id() + "|" + account.settings().hashCode();
        return senders.computeIfAbsent(key, k -> {
            JavaMailSenderImpl sender = new JavaMailSenderImpl();
            sender.setHost(host);
            sender.setPort(Integer.parseInt(account.setting("smtpPort", "25")));
            sender.setUsername(account.setting("smtpUsername"));
            sender.setPassword(account.setting("smtpPassword"));
            sender.setDefaultEncoding(StandardCharsets.UTF_8.name());
            Properties props = sender.getJavaMailProperties();
            long connect = properties.connectTimeout().toMillis();
            long timeout = properties.sendTimeout().toMillis();
            props.put("mail.smtp.connectiontimeout", String.valueOf(connect));
            props.put("mail.smtp.timeout", String.valueOf(timeout));
            props.put("mail.smtp.writetimeout", String.valueOf(timeout));
            if (account.setting("smtpUsername") != null) {
                props.put("mail.smtp.auth", "true");
                props.put("mail.smtp.starttls.enable", "true");
            }
            return sender;
        });
    }
}
