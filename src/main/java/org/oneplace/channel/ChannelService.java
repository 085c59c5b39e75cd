package org.oneplace.channel;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.internal.ChannelAccounts;
import org.oneplace.channel.internal.ChannelRepository;
import org.oneplace.channel.internal.InboundEventRepository;
import org.oneplace.channel.internal.Signatures;
import org.oneplace.consent.ConsentService;
import org.oneplace.consent.SetConsent;
import org.oneplace.customer.CustomerService;
import org.oneplace.customer.IdentifierType;
import org.oneplace.customer.IdentifierView;
import org.oneplace.platform.AuditLog;
import org.oneplace.platform.OutboundGuard;
import org.oneplace.platform.StorableText;
import org.oneplace.platform.Wakeups;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.ConsentPurpose;
import org.oneplace.shared.Uuid7;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * Channel accounts, the receiving end of every provider webhook, and sending. The methods without a permission are
 * the module API the webhook endpoint and the conversation module use.
 */
@Service
@Validated
public class ChannelService {

    private static final Logger log = LoggerFactory.getLogger(ChannelService.class);

    /** The wake-up channel of stored requests waiting to be processed. */
    public static final String INBOUND = "inbound_event";

    private final Map<ChannelType, ChannelAdapter> adapters = new EnumMap<>(ChannelType.class);
    private final ChannelRepository channels;
    private final ChannelAccounts accounts;
    private final InboundEventRepository events;
    private final CustomerService customers;
    private final ConsentService consents;
    private final AuditLog audit;
    private final OutboundGuard guard;
    private final Wakeups wakeups;
    private final MeterRegistry meters;
    private final Clock clock;

    ChannelService(
            List<ChannelAdapter> adapters,
            ChannelRepository channels,
            ChannelAccounts accounts,
            InboundEventRepository events,
            CustomerService customers,
            ConsentService consents,
            AuditLog audit,
            OutboundGuard guard,
            Wakeups wakeups,
            MeterRegistry meters,
            Clock clock) {
        adapters.forEach(a -> {
            if (this.adapters.put(a.type(), a) != null) {
                throw new IllegalStateException("Two adapters for " + a.type());
            }
        });
        this.channels = channels;
        this.accounts = accounts;
        this.events = events;
        this.customers = customers;
        this.consents = consents;
        this.audit = audit;
        this.guard = guard;
        this.wakeups = wakeups;
        this.meters = meters;
        this.clock = clock;
    }

    // ---- accounts -------------------------------------------------------------------------------------------

    @PreAuthorize("hasAuthority('channels:manage')")
    @Transactional
    public ChannelView create(@Valid CreateChannel command) {
        ChannelAdapter adapter = adapter(command.type());
        Map<String, String> settings = checked(adapter, Map.of(), command.settings());
        ChannelAccount account =
                new ChannelAccount(Uuid7.next(), command.type(), command.name().strip(), settings, clock.instant());
        if (!channels.insert(account, visible(adapter, settings), secret(adapter, settings))) {
            throw ChannelException.duplicate("There is already a "
                    + command.type().code() + " channel named '" + account.name() + "'; choose another name.");
        }
        accounts.changed();
        ChannelView view = view(account);
        audit.record("channel.created", "channel", account.id().toString(), null, view);
        return view;
    }

    @PreAuthorize("hasAuthority('channels:manage')")
    @Transactional
    public ChannelView update(UUID id, @Valid UpdateChannel command) {
        ChannelAccount before = channels.find(id).orElseThrow(() -> ChannelException.unknown(id));
        ChannelAdapter adapter = adapter(before.type());
        Map<String, String> settings = command.settings() == null
                ? before.settings()
                : checked(adapter, before.settings(), command.settings());
        if (command.settings() != null) {
            secretsFollowDestination(adapter, before.settings(), settings, command.settings());
        }
        String name = command.name() == null ? before.name() : command.name().strip();
        if (!channels.update(id, name, visible(adapter, settings), secret(adapter, settings), clock.instant())) {
            throw ChannelException.duplicate("There is already a "
                    + before.type().code() + " channel named '" + name + "'; choose another name.");
        }
        accounts.changed();
        ChannelView after = view(new ChannelAccount(id, before.type(), name, settings, before.createdAt()));
        audit.record("channel.updated", "channel", id.toString(), view(before), after);
        return after;
    }

    @PreAuthorize("hasAnyAuthority('channels:manage', 'conversations:read')")
    @Transactional(readOnly = true)
    public List<ChannelView> list() {
        return channels.all().stream().map(this::view).toList();
    }

    @PreAuthorize("hasAnyAuthority('channels:manage', 'conversations:read')")
    @Transactional(readOnly = true)
    public ChannelView channel(UUID id) {
        return accounts.find(id).map(this::view).orElseThrow(() -> ChannelException.unknown(id));
    }

    /** An account with its secrets, for the conversation module's sends and the console. */
    @Transactional(readOnly = true)
    public Optional<ChannelAccount> account(UUID id) {
        return accounts.find(id);
    }

    /** The accounts of one kind, oldest first. */
    @Transactional(readOnly = true)
    public List<ChannelAccount> accounts(ChannelType type) {
        return accounts.ofType(type);
    }

    /** The kinds of channel this installation can connect. */
    public Set<ChannelType> types() {
        return adapters.keySet();
    }

    private ChannelAdapter adapter(ChannelType type) {
        ChannelAdapter adapter = adapters.get(type);
        if (adapter == null) {
            throw ChannelException.invalid("'" + type.code() + "' channels cannot be connected; use one of "
                    + adapters.keySet().stream().map(ChannelType::code).toList() + ".");
        }
        return adapter;
    }

    private Map<String, String> checked(
            ChannelAdapter adapter, Map<String, String> current, Map<String, String> changes) {
        ChannelAdapter.Settings spec = adapter.settings();
        Set<String> known = new TreeSet<>(spec.required());
        known.addAll(spec.optional());
        Map<String, String> merged = new LinkedHashMap<>(current);
        changes.forEach((key, value) -> {
            if (!known.contains(key)) {
                throw ChannelException.invalid("'" + key + "' is not a setting of "
                        + adapter.type().code() + " channels; they take " + known + ".");
            }
            if (value == null || value.isBlank()) {
                merged.remove(key);
            } else {
                merged.put(key, value.strip());
            }
        });
        List<String> missing = spec.required().stream()
                .filter(k -> !merged.containsKey(k))
                .sorted()
                .toList();
        if (!missing.isEmpty()) {
            throw ChannelException.invalid(
                    adapter.type().code() + " channels need the settings " + missing + "; they take " + known + ".");
        }
        merged.forEach((key, value) -> {
            if ((key.endsWith("Url") || key.endsWith("BaseUrl")) && !isHttpUrl(value)) {
                throw ChannelException.invalid("'" + key + "' must be an http or https URL, not '" + value + "'.");
            }
        });
        destinations(merged).forEach(this::checkDestination);
        return merged;
    }

    /**
     * Where an account's settings make Oneplace connect: every {@code …BaseUrl} (a provider's API) and every
     * {@code …Host} with its {@code …Port} (a mail server), by setting name. Only these carry secrets out.
     */
    private static Map<String, String> destinations(Map<String, String> settings) {
        Map<String, String> destinations = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (key.endsWith("BaseUrl")) {
                destinations.put(key, value);
            } else if (key.endsWith("Host")) {
                String prefix = key.substring(0, key.length() - "Host".length());
                destinations.put(key, value + ":" + settings.getOrDefault(prefix + "Port", "0"));
            }
        });
        return destinations;
    }

    /** Refuses a destination the outbound address guard does not let through (SSRF). */
    private void checkDestination(String key, String destination) {
        try {
            if (key.endsWith("BaseUrl")) {
                guard.checkUrl("'" + key + "'", destination);
            } else {
                int colon = destination.lastIndexOf(':');
                int port = Integer.parseInt(destination.substring(colon + 1));
                int known = port != 0 ? port : key.startsWith("imap") ? 143 : 25;
                guard.checkHost("'" + key + "'", destination.substring(0, colon), known);
            }
        } catch (NumberFormatException e) {
            throw ChannelException.invalid("'" + key.replace("Host", "Port") + "' must be a port number.");
        }
    }

    /**
     * Changing where a channel connects would carry its stored secrets to the new place: a changed destination must
     * come with the secrets it uses in the same change ({@code apiBaseUrl}: all of them; {@code smtpHost}: the
     * {@code smtp…} ones), so that whoever redirects a channel has to know them already.
     */
    private static void secretsFollowDestination(
            ChannelAdapter adapter,
            Map<String, String> before,
            Map<String, String> after,
            Map<String, String> changes) {
        Map<String, String> was = destinations(before);
        destinations(after).forEach((key, destination) -> {
            if (destination.equals(was.get(key))) {
                return;
            }
            String prefix = key.endsWith("BaseUrl") ? "" : key.substring(0, key.length() - "Host".length());
            List<String> missing = adapter.settings().secrets().stream()
                    .filter(secret -> secret.startsWith(prefix) && before.containsKey(secret))
                    .filter(secret ->
                            changes.get(secret) == null || changes.get(secret).isBlank())
                    .sorted()
                    .toList();
            if (!missing.isEmpty()) {
                throw ChannelException.invalid("Changing '" + key + "' sends the channel's secrets to a new place;"
                        + " enter " + missing + " again in the same change.");
            }
        });
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<String, String> visible(ChannelAdapter adapter, Map<String, String> settings) {
        Map<String, String> visible = new LinkedHashMap<>(settings);
        visible.keySet().removeAll(adapter.settings().secrets());
        return visible;
    }

    private static Map<String, String> secret(ChannelAdapter adapter, Map<String, String> settings) {
        Map<String, String> secret = new LinkedHashMap<>(settings);
        secret.keySet().retainAll(adapter.settings().secrets());
        return secret;
    }

    private ChannelView view(ChannelAccount account) {
        ChannelAdapter adapter = adapter(account.type());
        return new ChannelView(
                account.id(),
                account.type(),
                account.name(),
                visible(adapter, account.settings()),
                secret(adapter, account.settings()).keySet().stream().sorted().toList(),
                "/webhooks/" + adapter.webhookPath() + "/" + account.id(),
                account.createdAt());
    }

    // ---- inbound --------------------------------------------------------------------------------------------

    /** Where a webhook path leads: the adapter, the account named in the path if any, and what follows. */
    private record Route(ChannelAdapter adapter, @Nullable UUID channelId, String subPath) {}

    private Optional<Route> route(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        for (ChannelAdapter adapter : adapters.values()) {
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
     * Receives one provider request: finds the account it is authentic for, stores it raw with its
     * de-duplication key (a redelivery is stored once), and wakes the processing workers at commit.
     * Authentic but unreadable payloads are quarantined and still acknowledged, so the provider does not retry them
     * for days.
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
        String key;
        String status = "stored";
        String reason = null;
        try {
            key = adapter.dedupeKey(scoped);
        } catch (ChannelAdapter.UnusableEventException e) {
            key = "sha256:" + Signatures.sha256Hex(request.body());
            status = "quarantined";
            reason = e.getMessage();
            quarantined(adapter.type());
            log.warn("Quarantined a {} webhook for {}: {}", adapter.type().code(), account, reason);
        }
        key = StorableText.repaired(key); // a provider id with a NUL in it still de-duplicates
        UUID id = Uuid7.next();
        URI url = URI.create(request.url());
        boolean fresh = events.insert(
                id,
                account.id(),
                key,
                route.subPath(),
                url.getRawQuery(),
                request.contentType(),
                request.body(),
                clock.instant(),
                status,
                reason,
                reason == null ? lane(adapter, scoped) : 0);
        meters.counter(
                        "oneplace.webhooks.received",
                        "channel",
                        adapter.type().code(),
                        "duplicate",
                        String.valueOf(!fresh))
                .increment();
        if (fresh && reason == null) {
            wakeups.afterCommit(INBOUND);
        }
        return adapter.acknowledgement();
    }

    /**
     * Stores a message that arrived by another way than a webhook (the SMTP listener, an IMAP fetch, the widget)
     * like a webhook request: raw, once per de-duplication key, then processed after commit. True when it was new.
     */
    @Transactional
    public boolean store(UUID channelId, byte[] raw, String contentType) {
        ChannelAccount account = accounts.find(channelId).orElseThrow(() -> ChannelException.unknown(channelId));
        ChannelAdapter adapter = adapter(account.type());
        WebhookRequest request =
                new WebhookRequest("PUT", "", "mail:" + channelId, Map.of(), Map.of(), contentType, raw);
        String key;
        String status = "stored";
        String reason = null;
        try {
            key = adapter.dedupeKey(request);
        } catch (ChannelAdapter.UnusableEventException e) {
            key = "sha256:" + Signatures.sha256Hex(raw);
            status = "quarantined";
            reason = e.getMessage();
            quarantined(account.type());
        }
        key = StorableText.repaired(key); // a provider id with a NUL in it still de-duplicates
        UUID id = Uuid7.next();
        boolean fresh = events.insert(
                id,
                channelId,
                key,
                "",
                null,
                contentType,
                raw,
                clock.instant(),
                status,
                reason,
                reason == null ? lane(adapter, request) : 0);
        meters.counter(
                        "oneplace.webhooks.received",
                        "channel",
                        account.type().code(),
                        "duplicate",
                        String.valueOf(!fresh))
                .increment();
        if (fresh && reason == null) {
            wakeups.afterCommit(INBOUND);
        }
        return fresh;
    }

    /** How many lanes stored requests are spread over; the workers of a node divide them. */
    public static final int LANES = 1024;

    /** The request's lane: its sender's, so that one sender's requests go to one worker; else any. */
    private static int lane(ChannelAdapter adapter, WebhookRequest request) {
        String sender;
        try {
            sender = adapter.senderKey(request);
        } catch (RuntimeException unreadable) {
            sender = null;
        }
        return sender == null
                ? java.util.concurrent.ThreadLocalRandom.current().nextInt(LANES)
                : Math.floorMod(sender.hashCode(), LANES);
    }

    /**
     * Claims the oldest stored requests due for processing in one worker's share of the lanes ({@code lane} of
     * {@code lanes}), locked for the caller's transaction (module API: the conversation module's inbound workers call
     * it, then {@link #read} and {@link #processed} in one transaction).
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public List<UUID> claim(int limit, int lane, int lanes) {
        return events.claim(clock.instant(), limit, lane, lanes);
    }

    /** Claims one stored request by id (after a batch it was in failed); empty when it is not there to claim. */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public Optional<UUID> claim(UUID eventId) {
        return events.claim(eventId);
    }

    /** Records that processing a claimed request failed: it is retried with backoff, at most {@code max} times. */
    @Transactional
    public void failed(UUID eventId, String reason, int max) {
        events.failed(eventId, reason.length() > 500 ? reason.substring(0, 500) : reason, max, clock.instant())
                .flatMap(accounts::find)
                .ifPresent(account -> {
                    quarantined(account.type());
                    log.warn(
                            "Quarantined stored {} event {} after {} failed attempts: {}",
                            account.type().code(),
                            eventId,
                            max,
                            reason);
                });
    }

    private void quarantined(ChannelType type) {
        meters.counter("oneplace.webhooks.quarantined", "channel", type.code()).increment();
    }

    /** A stored request read into messages and receipts, with the account it came to. */
    public record Received(ChannelAccount channel, Inbound inbound) {}

    /**
     * Reads a stored request; empty when it was processed already or cannot be read (then it is quarantined).
     * Called in the processing transaction, which then marks it {@link #processed}.
     */
    @Transactional
    public Optional<Received> read(UUID eventId) {
        Optional<InboundEventRepository.Stored> stored = events.find(eventId).filter(s -> "stored".equals(s.status()));
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        ChannelAccount account = accounts.find(stored.get().channelId()).orElseThrow();
        Inbound inbound;
        try {
            inbound = adapter(account.type()).read(account, stored.get().request());
        } catch (RuntimeException e) {
            log.warn("Quarantined stored {} event {}: {}", account.type().code(), eventId, e.toString());
            events.mark(eventId, "quarantined", String.valueOf(e.getMessage()), clock.instant());
            quarantined(account.type());
            return Optional.empty();
        }
        long repaired =
                inbound.messages().stream().filter(InboundMessage::repaired).count();
        if (repaired > 0) {
            meters.counter(
                            "oneplace.webhooks.repaired",
                            "channel",
                            account.type().code())
                    .increment(repaired);
            log.warn(
                    "Stored {} event {} carried text PostgreSQL cannot store (NUL or unpaired surrogates); repaired"
                            + " in {} message(s)",
                    account.type().code(),
                    eventId,
                    repaired);
        }
        return Optional.of(new Received(account, inbound));
    }

    /**
     * A file that came with a customer's message, read from the raw request it arrived in; empty when the request
     * is no longer kept (its retention passed, or the person was erased) or holds no such file.
     */
    @Transactional(readOnly = true)
    public Optional<AttachmentFile> attachment(UUID channelId, String externalId, String ref) {
        Optional<ChannelAccount> account = accounts.find(channelId);
        if (account.isEmpty()) {
            return Optional.empty();
        }
        ChannelAdapter adapter = adapter(account.get().type());
        return events.byKey(channelId, adapter.storedKeys(externalId))
                .flatMap(stored -> adapter.attachment(stored.request(), ref));
    }

    /**
     * Remembers, without anything personal, that messages with these provider ids were erased with their person: a
     * provider request carrying one again is acknowledged and dropped, never stored (module API: the conversation
     * module calls it when it erases a person's messages, in the erasure's transaction).
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public void forget(UUID channelId, Collection<String> externalIds) {
        Optional<ChannelAccount> account = accounts.find(channelId);
        if (account.isEmpty() || externalIds.isEmpty()) {
            return;
        }
        ChannelAdapter adapter = adapter(account.get().type());
        Set<String> keys = new java.util.HashSet<>();
        externalIds.forEach(id -> keys.addAll(adapter.storedKeys(id)));
        events.tombstone(channelId, keys, clock.instant());
    }

    /** Marks a stored request processed, remembering whom it was about (for erasure and export). */
    @Transactional
    public void processed(UUID eventId, Set<UUID> customers) {
        Optional<ChannelAccount> account =
                events.processed(eventId, customers, clock.instant()).flatMap(accounts::find);
        if (account.isPresent() && !customers.isEmpty()) {
            ChannelAdapter adapter = adapter(account.get().type());
            if (adapter.remembersCustomers()) {
                events.find(eventId).ifPresent(stored -> adapter.processed(stored.request(), customers));
            }
        }
    }

    /**
     * Records the consent choices a message expressed (an SMS STOP) for the customer it resolved to.
     */
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

    // ---- outbound -------------------------------------------------------------------------------------------

    /**
     * Checks a reply before it is queued, so the agent hears at once what the provider would refuse: its length
     * limit, the customer-service window, and consent when the customer never wrote on this channel.
     *
     * @param lastInbound when the customer last wrote on this account, if ever
     * @param template an approved template to send instead of free text: allowed outside the window, on channels
     *     that send templates
     * @throws ChannelException 400 over the length limit or for a template where there are none, 409 outside the
     *     window or without consent
     */
    public void checkReply(
            UUID channelId,
            UUID customerId,
            String content,
            @Nullable Instant lastInbound,
            @Nullable MessageTemplate template) {
        Optional<ChannelException> refusal = replyRefusal(channelId, customerId, content, lastInbound, template);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
    }

    /**
     * Why a reply could not be sent, if it could not; for callers that try without failing (the satisfaction
     * survey). Not transactional on purpose: a refusal must not mark the caller's transaction for rollback.
     */
    public Optional<ChannelException> replyRefusal(
            UUID channelId,
            UUID customerId,
            String content,
            @Nullable Instant lastInbound,
            @Nullable MessageTemplate template) {
        Optional<ChannelAccount> found = accounts.find(channelId);
        if (found.isEmpty()) {
            return Optional.of(ChannelException.unknown(channelId));
        }
        ChannelAccount account = found.get();
        ChannelAdapter adapter = adapter(account.type());
        int length = content.codePointCount(0, content.length());
        if (adapter.maxLength() == 0) {
            return Optional.of(ChannelException.notAllowed(
                    "Cannot write here",
                    account.type().label() + " cannot carry written replies; pick another channel."));
        }
        if (template != null && !adapter.sendsTemplates()) {
            return Optional.of(ChannelException.invalid(
                    "Templates are sent on WhatsApp; on " + account.type().label() + " write the message as text."));
        }
        if (template == null && length > adapter.maxLength()) {
            return Optional.of(ChannelException.invalid(account.type().label() + " text messages are limited to "
                    + adapter.maxLength() + " characters; this one has " + length + ". Shorten it or split it."));
        }
        Optional<java.time.Duration> window = adapter.serviceWindow();
        if (template == null
                && window.isPresent()
                && (lastInbound == null || lastInbound.plus(window.get()).isBefore(clock.instant()))) {
            return Optional.of(ChannelException.notAllowed(
                    "Outside the customer-service window",
                    account.type().label() + " allows free-form messages only within "
                            + window.get().toHours()
                            + " hours of the customer's last message"
                            + (lastInbound == null
                                    ? " (they have not written on it)"
                                    : " (last at " + lastInbound + ")")
                            + "; only approved templates can be sent now (post a 'template'), or answer on"
                            + " another channel."));
        }
        if (lastInbound == null
                && ChannelType.CONSENT_CHANNELS.contains(account.type())
                && !consents.allows(customerId, account.type(), ConsentPurpose.SERVICE)) {
            return Optional.of(ChannelException.notAllowed(
                    "No consent",
                    "The customer has not written on " + account.type().label() + " and has not consented to service"
                            + " messages there; answer on a channel they used."));
        }
        return Optional.empty();
    }

    /** The customer's address on a channel (e.g. their WhatsApp id), from their identifiers. */
    @Transactional(readOnly = true)
    public Optional<String> address(UUID channelId, UUID customerId) {
        ChannelAccount account = accounts.find(channelId).orElseThrow(() -> ChannelException.unknown(channelId));
        List<IdentifierView> identifiers =
                customers.summary(customerId).map(s -> s.identifiers()).orElse(List.of());
        for (IdentifierType type : adapter(account.type()).addressedBy()) {
            Optional<String> value = identifiers.stream()
                    .filter(i -> i.type() == type)
                    .map(IdentifierView::value)
                    .findFirst();
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    /** The channels a customer can be reached on, with their addresses. */
    @Transactional(readOnly = true)
    public List<ChannelAccount> reachable(UUID customerId) {
        List<ChannelAccount> reachable = new ArrayList<>();
        for (ChannelAccount account : accounts.all()) {
            if (address(account.id(), customerId).isPresent()) {
                reachable.add(account);
            }
        }
        return reachable;
    }

    /** Sends one message on an account; the outcome says whether to retry, wait for a receipt, or give up. */
    public SendOutcome send(UUID channelId, OutboundMessage message) {
        Optional<ChannelAccount> account = accounts.find(channelId);
        if (account.isEmpty()) {
            return new SendOutcome.Failed("the channel account no longer exists");
        }
        return adapter(account.get().type()).send(account.get(), message);
    }
}
