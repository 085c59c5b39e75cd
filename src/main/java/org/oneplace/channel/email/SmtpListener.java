package org.oneplace.channel.email;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.oneplace.channel.ChannelAccount;
import org.oneplace.channel.internal.Intake;
import org.oneplace.shared.ChannelType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.TooMuchDataException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Receives mail for the addresses of the e-mail channels over SMTP, on {@code ONEPLACE_CHANNEL_EMAIL_SMTP_PORT}.
 * Recipients no channel has are refused with 550; a message is accepted (250) only after it is stored, and a
 * database that is down answers 451 so that the sending server tries again later.
 */
@Component
@ConditionalOnProperty("oneplace.channel.email.smtp-port")
class SmtpListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SmtpListener.class);
    static final int MAX_SIZE = 25 * 1024 * 1024;

    private final Intake channels;
    private final SMTPServer server;
    private volatile boolean running;

    SmtpListener(Intake channels, org.springframework.core.env.Environment environment) {
        this.channels = channels;
        int port = Integer.parseInt(environment.getRequiredProperty("oneplace.channel.email.smtp-port"));
        this.server = SMTPServer.port(port)
                .softwareName("Oneplace")
                .maxMessageSize(MAX_SIZE)
                .messageHandlerFactory(this::handler)
                .build();
    }

    private MessageHandler handler(MessageContext context) {
        return new MessageHandler() {
            private final List<ChannelAccount> recipients = new ArrayList<>();

            @Override
            public void from(String from) {}

            @Override
            public void recipient(String recipient) throws RejectException {
                Optional<ChannelAccount> account = account(recipient);
                if (account.isEmpty()) {
                    throw new RejectException(550, "5.1.1 <" + recipient + ">: no such mailbox here");
                }
                recipients.add(account.get());
            }

            @Override
            public String data(InputStream data) throws RejectException, TooMuchDataException, IOException {
                byte[] raw = data.readNBytes(MAX_SIZE + 1);
                if (raw.length > MAX_SIZE) {
                    throw new TooMuchDataException("The message is larger than " + MAX_SIZE + " bytes");
                }
                try {
                    for (ChannelAccount account : recipients) {
                        channels.store(account.id(), raw, "message/rfc822");
                    }
                } catch (DataAccessException | TransactionException e) {
                    log.warn("Deferred an inbound mail: the database is unavailable ({})", e.getMessage());
                    throw new RejectException(451, "4.3.0 Temporarily unable to store the message; try again later");
                }
                return null;
            }

            @Override
            public void done() {}
        };
    }

    private Optional<ChannelAccount> account(String recipient) {
        String address = recipient.strip().toLowerCase(Locale.ROOT);
        return channels.accounts(ChannelType.EMAIL).stream()
                .filter(a -> address.equals(a.settings().get("address").toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    @Override
    public void start() {
        server.start();
        running = true;
        log.info("Receiving mail over SMTP on port {}", server.getPortAllocated());
    }

    @Override
    public void stop() {
        server.stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
