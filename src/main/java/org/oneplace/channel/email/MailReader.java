package org.oneplace.channel.email;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.ChannelAdapter;
import org.oneplace.channel.InboundMessage;
import org.oneplace.channel.internal.Signatures;
import org.oneplace.customer.IdentifierClaim;
import org.oneplace.customer.IdentifierType;
import org.oneplace.shared.EmailAddress;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * Reads a raw RFC 5322 message into a neutral {@link InboundMessage}: sender, text (the plain part, else the HTML's
 * text), the HTML sanitised with an allow-list (no scripts, handlers, forms, frames, styles or remote images), the
 * threading headers, attachments' names and types, and whether it is an automatic message (RFC 3834
 * {@code Auto-Submitted}, delivery reports, bulk precedence) that must never open a conversation or get an answer.
 */
final class MailReader {

    /** Formatting, links (http, https, mailto) and tables; images only inline ({@code data:}), never remote. */
    static final PolicyFactory POLICY = Sanitizers.FORMATTING
            .and(Sanitizers.BLOCKS)
            .and(Sanitizers.TABLES)
            .and(new HtmlPolicyBuilder()
                    .allowElements("a")
                    .allowUrlProtocols("http", "https", "mailto")
                    .allowAttributes("href")
                    .onElements("a")
                    .requireRelNofollowOnLinks()
                    .toFactory())
            .and(new HtmlPolicyBuilder()
                    .allowElements("img")
                    .allowUrlProtocols("data")
                    .allowAttributes("src", "alt")
                    .onElements("img")
                    .toFactory());

    private static final Session SESSION = Session.getInstance(new Properties());

    private MailReader() {}

    static MimeMessage parse(byte[] raw) {
        try {
            return new MimeMessage(SESSION, new ByteArrayInputStream(raw));
        } catch (MessagingException e) {
            throw new ChannelAdapter.UnusableEventException("unparseable mail: " + e.getMessage());
        }
    }

    /** {@code (mailbox, Message-ID)}, or a hash of the content when the mail has no Message-ID (MAIL-06). */
    /** The ref of the mail as it arrived, offered as the last file of every e-mail message ({@code message.eml}). */
    static final String ORIGINAL = "email-original";

    private static List<InboundMessage.Attachment> withOriginal(List<InboundMessage.Attachment> files) {
        List<InboundMessage.Attachment> all = new ArrayList<>(files);
        all.add(new InboundMessage.Attachment("original", "message/rfc822", "message.eml", ORIGINAL));
        return all;
    }

    static String dedupeKey(byte[] raw) {
        MimeMessage mail = parse(raw);
        String id = header(mail, "Message-ID");
        return id == null || id.isBlank() ? "sha256:" + contentHash(mail, raw) : "message-id:" + id.strip();
    }

    /**
     * A hash of what makes a mail the same mail — sender, recipients, date, subject and body — without the trace
     * headers ({@code Received}) every hop adds, so the same mail fetched or relayed twice hashes the same.
     */
    static String contentHash(MimeMessage mail, byte[] raw) {
        String text = new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1);
        int split = text.indexOf("\r\n\r\n");
        String body = split < 0 ? "" : text.substring(split + 4);
        String key = String.join(
                "\n",
                String.valueOf(header(mail, "From")),
                String.valueOf(header(mail, "To")),
                String.valueOf(header(mail, "Date")),
                String.valueOf(header(mail, "Subject")),
                body);
        return Signatures.sha256Hex(key.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    static InboundMessage read(byte[] raw, Instant received) {
        MimeMessage mail = parse(raw);
        try {
            InternetAddress from =
                    (InternetAddress) (mail.getFrom() == null || mail.getFrom().length == 0 ? null : mail.getFrom()[0]);
            if (from == null) {
                throw new ChannelAdapter.UnusableEventException("a mail without a From address");
            }
            EmailAddress sender;
            try {
                sender = EmailAddress.of(from.getAddress());
            } catch (IllegalArgumentException e) {
                throw new ChannelAdapter.UnusableEventException("the sender is not a valid address: " + e.getMessage());
            }
            Body body = new Body();
            collect(mail, body);
            String text = body.text != null ? body.text : body.html != null ? textOf(body.html) : "";
            String messageId = header(mail, "Message-ID");
            Map<String, String> details = new LinkedHashMap<>();
            String subject = mail.getSubject() == null ? "" : mail.getSubject();
            details.put("subject", subject);
            if (messageId != null) {
                details.put("messageId", messageId.strip());
            }
            String references = header(mail, "References");
            String inReplyTo = header(mail, "In-Reply-To");
            details.put(
                    "references",
                    ((references == null ? "" : references.strip()) + " "
                                    + (messageId == null ? "" : messageId.strip()))
                            .strip());
            if (body.html != null) {
                details.put("html", POLICY.sanitize(body.html));
            }
            return new InboundMessage(
                    messageId == null ? "sha256:" + contentHash(mail, raw) : messageId.strip(),
                    List.of(IdentifierClaim.verified(IdentifierType.EMAIL, sender.value())),
                    from.getPersonal(),
                    sender.value(),
                    automatic(mail) ? "auto_reply" : "message",
                    (subject.isBlank() ? "" : subject + "\n\n") + text.strip(),
                    withOriginal(body.attachments),
                    sentAt(header(mail, "Date"), received),
                    inReplyTo == null ? null : inReplyTo.strip(),
                    List.of(),
                    details);
        } catch (MessagingException | IOException e) {
            throw new ChannelAdapter.UnusableEventException("unreadable mail: " + e.getMessage());
        }
    }

    /** The Date header (RFC 5322), else when the mail arrived. */
    static Instant sentAt(@Nullable String date, Instant received) {
        if (date == null) {
            return received;
        }
        try {
            String cleaned = date.replaceAll("\\s*\\([^)]*\\)\\s*$", "").strip(); // a trailing "(UTC)" comment
            return java.time.ZonedDateTime.parse(cleaned, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return received;
        }
    }

    /** One attachment of a raw mail: its name, type and bytes. */
    record AttachedFile(@Nullable String name, String type, byte[] bytes) {}

    /** The {@code index}-th attachment of a raw mail, in the order {@link #read} listed them. */
    static java.util.Optional<AttachedFile> attachment(byte[] raw, int index) {
        try {
            List<AttachedFile> files = new ArrayList<>();
            files(parse(raw), files);
            return index >= 0 && index < files.size()
                    ? java.util.Optional.of(files.get(index))
                    : java.util.Optional.empty();
        } catch (MessagingException | IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static void files(Part part, List<AttachedFile> into) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                files(multipart.getBodyPart(i), into);
            }
        } else if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null) {
            into.add(new AttachedFile(
                    fileName(part),
                    part.getContentType() == null
                            ? "application/octet-stream"
                            : part.getContentType().split(";")[0].strip(),
                    part.getInputStream().readAllBytes()));
        }
    }

    /** RFC 3834 and friends: answering these makes loops. */
    static boolean automatic(MimeMessage mail) throws MessagingException {
        String submitted = header(mail, "Auto-Submitted");
        if (submitted != null && !"no".equalsIgnoreCase(submitted.strip())) {
            return true;
        }
        String precedence = header(mail, "Precedence");
        if (precedence != null
                && List.of("bulk", "junk", "list", "auto_reply")
                        .contains(precedence.strip().toLowerCase(Locale.ROOT))) {
            return true;
        }
        String type = mail.getContentType() == null ? "" : mail.getContentType().toLowerCase(Locale.ROOT);
        return type.startsWith("multipart/report")
                || header(mail, "X-Autoreply") != null
                || header(mail, "X-Autorespond") != null;
    }

    private static final class Body {
        @Nullable
        String text;

        @Nullable
        String html;

        final List<InboundMessage.Attachment> attachments = new ArrayList<>();
    }

    private static void collect(Part part, Body body) throws MessagingException, IOException {
        String disposition = part.getDisposition();
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, body);
            }
        } else if (Part.ATTACHMENT.equalsIgnoreCase(disposition) || part.getFileName() != null) {
            body.attachments.add(new InboundMessage.Attachment(
                    "file",
                    part.getContentType() == null
                            ? null
                            : part.getContentType().split(";")[0].strip(),
                    fileName(part),
                    "email-attachment:" + body.attachments.size()));
        } else if (part.isMimeType("text/plain") && body.text == null) {
            body.text = String.valueOf(part.getContent());
        } else if (part.isMimeType("text/html") && body.html == null) {
            body.html = String.valueOf(part.getContent());
        }
    }

    /** A part's file name, decoded (RFC 2047 words such as {@code =?UTF-8?Q?…?=} are common in the wild). */
    private static @Nullable String fileName(Part part) throws MessagingException {
        String name = part.getFileName();
        if (name == null) {
            return null;
        }
        try {
            return jakarta.mail.internet.MimeUtility.decodeText(name);
        } catch (java.io.UnsupportedEncodingException e) {
            return name;
        }
    }

    /** The visible text of some HTML: sanitised to nothing but text, entities decoded. */
    static String textOf(String html) {
        String blocks = html.replaceAll("(?i)<br\\s*/?>|</p>|</div>|</li>|</tr>|</h[1-6]>", "\n");
        String text = new HtmlPolicyBuilder().toFactory().sanitize(blocks);
        return text.replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&#34;", "\"")
                .replace("&#39;", "'")
                .replace("&#43;", "+")
                .replace("&#61;", "=")
                .replace("&#64;", "@")
                .replace("&#96;", "`")
                .replaceAll("[ \\t]+\\n", "\n")
                .replaceAll("\\n{3,}", "\n\n")
                .strip();
    }

    static @Nullable String header(MimeMessage mail, String name) {
        try {
            String value = mail.getHeader(name, " ");
            return value == null ? null : value;
        } catch (MessagingException e) {
            return null;
        }
    }
}
