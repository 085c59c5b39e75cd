package org.oneplace.channel.email;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.FlagTerm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Properties;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.oneplace.channel.ChannelAccount;
import org.oneplace.channel.internal.Intake;
import org.oneplace.platform.OutboundGuard;
import org.oneplace.shared.ChannelType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Fetches unread mail from the IMAP mailbox of every e-mail channel that has one. Each message is stored (once per
 * Message-ID) and only then marked read on the server; nothing is ever deleted there, so an interrupted fetch loses
 * nothing and the next fetch stores nothing twice (FLT-12).
 */
@Configuration(proxyBeanMethods = false)
class ImapPolling {

    private static final Logger log = LoggerFactory.getLogger(ImapPolling.class);
    private static final int BATCH = 200;

    @Bean
    RecurringTask<Void> imapFetch(
            Intake channels,
            OutboundGuard guard,
            @Value("${oneplace.channel.email.imap-interval:1m}") Duration interval) {
        return Tasks.recurring("channel-imap-fetch", FixedDelay.of(interval)).execute((instance, context) -> {
            for (ChannelAccount account : channels.accounts(ChannelType.EMAIL)) {
                if (account.setting("imapHost") != null) {
                    try {
                        fetch(channels, guard, account);
                    } catch (MessagingException | IOException | OutboundGuard.RefusedException e) {
                        log.warn("Fetching mail for {} failed: {}", account, e.getMessage());
                    }
                }
            }
        });
    }

    static int fetch(Intake channels, OutboundGuard guard, ChannelAccount account)
            throws MessagingException, IOException {
        boolean ssl = Boolean.parseBoolean(account.setting("imapSsl", "false"));
        String protocol = ssl ? "imaps" : "imap";
        int port = Integer.parseInt(account.setting("imapPort", ssl ? "993" : "143"));
        // checked before every connection, not only when it was configured (DNS rebinding)
        guard.checkHost("the channel's IMAP server", account.setting("imapHost"), port);
        Properties props = new Properties();
        props.put("mail." + protocol + ".connectiontimeout", "10000");
        props.put("mail." + protocol + ".timeout", "30000");
        Session session = Session.getInstance(props);
        int stored = 0;
        try (Store store = session.getStore(protocol)) {
            store.connect(
                    account.setting("imapHost"),
                    port,
                    account.setting("imapUsername", account.settings().get("address")),
                    account.setting("imapPassword"));
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            try {
                Message[] unread = inbox.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
                for (int i = 0; i < unread.length && i < BATCH; i++) {
                    if (unread[i] instanceof IMAPMessage imap) {
                        imap.setPeek(true); // reading the body must not mark it read before it is stored
                    }
                    ByteArrayOutputStream raw = new ByteArrayOutputStream();
                    unread[i].writeTo(raw);
                    channels.store(account.id(), raw.toByteArray(), "message/rfc822");
                    // only after the commit: a crash before this line fetches it again, and it is stored once
                    unread[i].setFlag(Flags.Flag.SEEN, true);
                    stored++;
                }
            } finally {
                inbox.close(false);
            }
        }
        return stored;
    }
}
