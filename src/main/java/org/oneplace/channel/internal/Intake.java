package org.oneplace.channel.internal;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.ChannelAccount;
import org.oneplace.channel.ChannelAdapter;
import org.oneplace.channel.ChannelException;
import org.oneplace.channel.WebhookAnswer;
import org.oneplace.channel.WebhookRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The receiving end of every provider: a webhook is routed to its kind of channel, checked against each candidate
 * account's secret, and {@linkplain InboundQueue#enqueue stored}; mail (SMTP, IMAP) and the chat widget store what
 * they received the same way. Nothing is processed here: the answer goes back as soon as the request is committed.
 */
@Service
public class Intake {

    private static final Logger log = LoggerFactory.getLogger(Intake.class);

    private final Adapters adapters;
    private final ChannelAccounts accounts;
    private final InboundQueue queue;
    private final MeterRegistry meters;

    Intake(Adapters adapters, ChannelAccounts accounts, InboundQueue queue, MeterRegistry meters) {
        this.adapters = adapters;
        this.accounts = accounts;
        this.queue = queue;
        this.meters = meters;
    }

    /** Where a webhook path leads: the adapter, the account named in the path if any, and what follows. */
    private record Route(ChannelAdapter adapter, @Nullable UUID channelId, String subPath) {}

    private Optional<Route> route(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        for (ChannelAdapter adapter : adapters.all()) {
            String prefix = adapter.webhookPath();
            if (!trimmed.equals(prefix) && !trimmed.startsWith(prefix + "/")) {
                continue;
            }
            String rest = trimmed.substring(prefix.length());
            UUID channelId = null;
            String[] parts = rest.split("/", 3);
            if (parts.length > 1 && !parts[1].isEmpty()) {
                try {
                    channelId = UUID.fromString(parts[1]);
                    rest = parts.length > 2 ? "/" + parts[2] : "";
                } catch (IllegalArgumentException e) {
                    // not an account id: part of the adapter's own path, e.g. /status
                }
            }
            return Optional.of(new Route(adapter, channelId, rest));
        }
        return Optional.empty();
    }

    private List<ChannelAccount> candidates(Route route) {
        if (route.channelId() != null) {
            return accounts.find(route.channelId())
                    .filter(a -> a.type() == route.adapter().type())
                    .map(List::of)
                    .orElse(List.of());
        }
        return accounts.ofType(route.adapter().type());
    }

    /** An account with its secrets: the listeners that receive by other ways than webhooks read theirs. */
    @Transactional(readOnly = true)
    public Optional<ChannelAccount> account(UUID id) {
        return accounts.find(id);
    }

    /** The accounts of one kind, oldest first. */
    @Transactional(readOnly = true)
    public List<ChannelAccount> accounts(org.oneplace.shared.ChannelType type) {
        return accounts.ofType(type);
    }

    /** Whether a path under {@code /webhooks/} belongs to a channel kind. */
    public boolean knows(String path) {
        return route(path).isPresent();
    }

    /** The answer to a provider's subscription handshake, or empty (403) when no account's token matches. */
    @Transactional(readOnly = true)
    public Optional<String> handshake(String path, WebhookRequest request) {
        return route(path)
                .flatMap(route -> candidates(route).stream()
                        .map(account -> route.adapter().handshake(account, request))
                        .flatMap(Optional::stream)
                        .findFirst());
    }

    /**
     * Receives one provider request: finds the account it is authentic for and stores it raw (a redelivery is stored
     * once). Authentic but unreadable payloads are quarantined and still acknowledged, so the provider does not retry
     * them for days.
     *
     * @throws ChannelException 403 when no account's secret matches
     */
    @Transactional
    public WebhookAnswer receive(String path, WebhookRequest request) {
        Route route = route(path).orElseThrow(() -> ChannelException.invalid("Unknown webhook " + path));
        ChannelAdapter adapter = route.adapter();
        WebhookRequest scoped = new WebhookRequest(
                request.method(),
                route.subPath(),
                request.url(),
                request.headers(),
                request.query(),
                request.contentType(),
                request.body());
        ChannelAccount account = null;
        for (ChannelAccount candidate : candidates(route)) {
            if (adapter.authentic(candidate, scoped) && adapter.addressedTo(candidate, scoped)) {
                account = candidate;
                break;
            }
        }
        if (account == null) {
            meters.counter(
                            "oneplace.webhooks.rejected",
                            "channel",
                            adapter.type().code())
                    .increment();
            log.warn(
                    "Refused a {} webhook: no {} account's secret matches its signature",
                    adapter.type().code(),
                    adapter.type().code());
            throw ChannelException.signature("The request's signature does not match any "
                    + adapter.type().code()
                    + " channel's secret; check the app secret or token configured for the channel.");
        }
        queue.enqueue(
                account, scoped, route.subPath(), URI.create(request.url()).getRawQuery());
        return adapter.acknowledgement();
    }

    /**
     * Stores a message that arrived by another way than a webhook (the SMTP listener, an IMAP fetch, the widget)
     * like a webhook request: raw, once per de-duplication key, then processed after commit. True when it was new.
     */
    @Transactional
    public boolean store(UUID channelId, byte[] raw, String contentType) {
        ChannelAccount account = accounts.find(channelId).orElseThrow(() -> ChannelException.unknown(channelId));
        WebhookRequest request =
                new WebhookRequest("PUT", "", "mail:" + channelId, Map.of(), Map.of(), contentType, raw);
        return queue.enqueue(account, request, "", null);
    }
}
