package org.oneplace.marketing.internal;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.oneplace.consent.ConsentService;
import org.oneplace.consent.SetConsent;
import org.oneplace.marketing.MarketingProperties;
import org.oneplace.platform.PlatformProperties;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.ConsentPurpose;
import org.oneplace.shared.ConsentStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The links in marketing messages: a click on {@code /r/{token}} is recorded and redirected to the URL stored for
 * that token only (never to a URL in the request: no open redirect); {@code /u/{token}} unsubscribes — one click by
 * RFC 8058's POST from the mail client, or the footer link — and writes the consent ledger with the message as
 * evidence.
 */
@Component
@EnableConfigurationProperties(MarketingProperties.class)
public class MarketingLinks {

    private static final Logger log = LoggerFactory.getLogger(MarketingLinks.class);
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{10,64}");

    private final SendRepository messages;
    private final ConsentService consents;
    private final PlatformProperties platform;
    private final MarketingProperties properties;
    private final int port;
    private final Clock clock;
    private volatile boolean warned;

    MarketingLinks(
            SendRepository messages,
            ConsentService consents,
            PlatformProperties platform,
            MarketingProperties properties,
            @Value("${server.port:8080}") int port,
            Clock clock) {
        this.messages = messages;
        this.consents = consents;
        this.platform = platform;
        this.properties = properties;
        this.port = port;
        this.clock = clock;
    }

    /** Where customers reach this installation: {@code ONEPLACE_PUBLIC_URL}. */
    public String base() {
        if (platform.publicUrl() != null) {
            return platform.publicUrl();
        }
        if (!warned) {
            warned = true;
            log.warn(
                    "ONEPLACE_PUBLIC_URL is not set: links in marketing messages point at http://localhost:{}, which"
                            + " customers cannot reach. Set it to this installation's public address.",
                    port);
        }
        return "http://localhost:" + port;
    }

    public String unsubscribeUrl(String messageToken) {
        return base() + "/u/" + messageToken;
    }

    public String from() {
        return properties.from();
    }

    /** Records a click and answers where to go; empty for a token no message gave out. */
    @Transactional
    public Optional<URI> click(String token) {
        if (!TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return messages.link(token).flatMap(link -> {
            URI target;
            try {
                target = URI.create(link.url());
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            messages.find(link.messageId()).ifPresent(message -> {
                if (messages.engaged(message.id(), "clicked", List.of("sent", "delivered", "opened"))
                        && message.journeyId() != null) {
                    messages.count(message.journeyId(), message.stepId(), "clicked", 0);
                }
            });
            return Optional.of(target);
        });
    }

    /**
     * Withdraws marketing consent on the channel the message went by (e-mail when unknown); false for a token no
     * message gave out.
     */
    @Transactional
    public boolean unsubscribe(String token, String how) {
        if (!TOKEN.matcher(token).matches()) {
            return false;
        }
        Optional<SendRepository.Message> found = messages.byToken(token);
        if (found.isEmpty()) {
            return false;
        }
        SendRepository.Message message = found.get();
        ChannelType channel = message.channel() == null
                ? ChannelType.EMAIL
                : ChannelType.fromCode(message.channel()).orElse(ChannelType.EMAIL);
        if (consents.allows(message.customerId(), channel, ConsentPurpose.MARKETING)) {
            consents.record(
                    message.customerId(),
                    new SetConsent(
                            channel,
                            ConsentPurpose.MARKETING,
                            ConsentStatus.REVOKED,
                            "unsubscribe-link",
                            how + " from marketing message " + message.id(),
                            clock.instant()),
                    "marketing:unsubscribe");
            if (message.journeyId() != null) {
                messages.count(message.journeyId(), message.stepId(), "unsubscribed", 0);
            }
        }
        return true;
    }
}
