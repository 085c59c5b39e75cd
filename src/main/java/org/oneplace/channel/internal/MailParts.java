package org.oneplace.channel.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.OutboundMessage;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * The body of an e-mail Oneplace writes, the same whichever server sends it: plain text, or text and HTML as
 * {@code multipart/alternative} when there is HTML, and for marketing mail the one-click unsubscribe headers of
 * RFC 8058 ({@code List-Unsubscribe} with the link, {@code List-Unsubscribe-Post}), which mailbox providers require
 * of bulk senders.
 */
public final class MailParts {

    private MailParts() {}

    /** Writes subject, body and list headers from a message's {@link OutboundMessage#thread() thread} values. */
    public static void write(MimeMessage mail, String subject, String text, Map<String, String> thread)
            throws MessagingException {
        @Nullable String html = thread.get(OutboundMessage.HTML);
        MimeMessageHelper helper = new MimeMessageHelper(mail, html != null, StandardCharsets.UTF_8.name());
        helper.setSubject(subject);
        if (html != null) {
            helper.setText(text, html);
        } else {
            helper.setText(text);
        }
        @Nullable String unsubscribe = thread.get(OutboundMessage.UNSUBSCRIBE);
        if (unsubscribe != null) {
            mail.setHeader("List-Unsubscribe", "<" + unsubscribe + ">");
            mail.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
    }
}
