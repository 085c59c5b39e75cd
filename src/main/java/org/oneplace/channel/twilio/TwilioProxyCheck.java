package org.oneplace.channel.twilio;

import org.oneplace.channel.ChannelAccount;
import org.oneplace.channel.Messaging;
import org.oneplace.shared.ChannelType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * SIG-08 at startup: a Twilio channel without {@code webhookUrl} is verified over the URL this server sees. Behind a
 * TLS-terminating proxy that is {@code http://…} while Twilio signed {@code https://…}, so every request would be
 * refused unless the proxy is trusted; say so once, plainly, instead of leaving an operator to wonder.
 */
@Component
class TwilioProxyCheck {

    private static final Logger log = LoggerFactory.getLogger(TwilioProxyCheck.class);

    private final Messaging channels;
    private final Environment environment;

    TwilioProxyCheck(Messaging channels, Environment environment) {
        this.channels = channels;
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnWhereSignaturesWouldFailBehindAProxy() {
        String strategy = environment.getProperty("server.forward-headers-strategy", "none");
        if (!"none".equalsIgnoreCase(strategy)) {
            return;
        }
        for (ChannelAccount account : channels.accounts(ChannelType.SMS)) {
            if (account.setting("webhookUrl") == null) {
                log.warn(
                        "Twilio channel {} has no webhookUrl and no proxy is trusted: Twilio signs the public URL it"
                                + " calls, so behind a TLS-terminating proxy its requests will be refused (403). Set"
                                + " the channel's webhookUrl to that public URL, or trust the proxy with"
                                + " SERVER_FORWARD_HEADERS_STRATEGY=native.",
                        account);
            }
        }
    }
}
