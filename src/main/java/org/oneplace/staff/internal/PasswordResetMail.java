package org.oneplace.staff.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.oneplace.staff.StaffProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * E-mails a password reset link through the installation's mail server ({@code SPRING_MAIL_*}). The link carries a
 * secret, so it is never logged: failures are logged with the user's id only.
 */
@Component
public class PasswordResetMail {

    private static final Logger log = LoggerFactory.getLogger(PasswordResetMail.class);
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final ObjectProvider<JavaMailSender> mail;
    private final StaffProperties.PasswordReset settings;

    PasswordResetMail(ObjectProvider<JavaMailSender> mail, StaffProperties properties) {
        this.mail = mail;
        this.settings = properties.passwordReset();
    }

    /** Whether a mail server is configured at all. */
    public boolean configured() {
        return mail.getIfAvailable() != null;
    }

    /**
     * Sends the link; false when no mail server is configured or it refused the mail (both logged as warnings).
     *
     * @param forced an admin asked for the reset, so the old password no longer works
     */
    public boolean send(StoredUser user, String link, Instant expiresAt, boolean forced) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            log.warn(
                    "The password reset e-mail for user {} cannot be sent: no mail server is configured"
                            + " (set SPRING_MAIL_HOST)",
                    user.id());
            return false;
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(settings.mailFrom());
        message.setTo(user.email());
        message.setSubject("Choose a new Oneplace password");
        message.setText("Hello " + user.displayName() + ",\n\n"
                + (forced
                        ? "an administrator asked you to choose a new password for Oneplace (" + user.email() + ")."
                                + " Your old password no longer works.\n\n"
                        : "somebody, hopefully you, asked to reset the Oneplace password of " + user.email() + ".\n\n")
                + "Choose a new password here:\n" + link + "\n\n"
                + "The link works once, until " + WHEN.format(expiresAt) + ".\n"
                + (forced ? "" : "If you did not ask, ignore this e-mail: your password stays as it is.\n"));
        try {
            sender.send(message);
            return true;
        } catch (MailException e) {
            log.warn("The password reset e-mail for user {} could not be sent: {}", user.id(), e.getMessage());
            return false;
        }
    }
}
