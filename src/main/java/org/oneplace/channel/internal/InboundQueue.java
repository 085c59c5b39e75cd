package org.oneplace.channel.internal;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.oneplace.channel.ChannelAccount;
import org.oneplace.channel.ChannelAdapter;
import org.oneplace.channel.Inbound;
import org.oneplace.channel.InboundMessage;
import org.oneplace.channel.WebhookRequest;
import org.oneplace.platform.StorableText;
import org.oneplace.platform.Wakeups;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Uuid7;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The queue of stored provider requests: every way a message arrives (webhook, SMTP, IMAP, the widget) is
 * {@link #enqueue enqueued} by one sequence — de-duplication key, quarantine of what cannot be keyed, repair of text
 * PostgreSQL cannot store, one row per key, a wake-up at commit — and {@link InboundWorkers} take from it.
 */
@Component
public class InboundQueue {

    private static final Logger log = LoggerFactory.getLogger(InboundQueue.class);

    /** The wake-up channel of stored requests waiting to be processed. */
    public static final String INBOUND = "inbound_event";

    /** How many lanes stored requests are spread over; the workers of a node divide them. */
    public static final int LANES = 1024;

    private final InboundEventRepository events;
    private final ChannelAccounts accounts;
    private final Adapters adapters;
    private final Wakeups wakeups;
    private final MeterRegistry meters;
    private final Clock clock;

    InboundQueue(
            InboundEventRepository events,
            ChannelAccounts accounts,
            Adapters adapters,
            Wakeups wakeups,
            MeterRegistry meters,
            Clock clock) {
        this.events = events;
        this.accounts = accounts;
        this.adapters = adapters;
        this.wakeups = wakeups;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Stores one authentic provider request raw, once per de-duplication key (a redelivery, or the replay of an
     * erased person's request, is dropped), and wakes the workers at commit. An authentic request that cannot be
     * keyed is stored quarantined: acknowledged, so the provider does not retry it for days, never processed.
     *
     * @return whether it was new
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean enqueue(ChannelAccount account, WebhookRequest request, String subPath, @Nullable String rawQuery) {
        ChannelAdapter adapter = adapters.of(account.type());
        String key;
        String reason = null;
        try {
            key = adapter.dedupeKey(request);
        } catch (ChannelAdapter.UnusableEventException e) {
            key = "sha256:" + Signatures.sha256Hex(request.body());
            reason = e.getMessage();
            quarantined(account.type());
            log.warn("Quarantined a {} request for {}: {}", account.type().code(), account, reason);
        }
        key = StorableText.repaired(key); // a provider id with a NUL in it still de-duplicates
        boolean fresh = events.insert(
                Uuid7.next(),
                account.id(),
                key,
                subPath,
                rawQuery,
                request.contentType(),
                request.body(),
                clock.instant(),
                reason == null ? "stored" : "quarantined",
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

    /** The request's lane: its sender's, so that one sender's requests go to one worker; else any. */
    private static int lane(ChannelAdapter adapter, WebhookRequest request) {
        String sender;
        try {
            sender = adapter.senderKey(request);
        } catch (RuntimeException unreadable) {
            sender = null;
        }
        return sender == null ? ThreadLocalRandom.current().nextInt(LANES) : Math.floorMod(sender.hashCode(), LANES);
    }

    /** Claims the oldest due requests in one worker's share of the lanes, locked for the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<UUID> claim(int limit, int lane, int lanes) {
        return events.claim(clock.instant(), limit, lane, lanes);
    }

    /** Claims one stored request by id (after a batch it was in failed); empty when it is not there to claim. */
    @Transactional(propagation = Propagation.MANDATORY)
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

    /** A stored request read into messages and receipts, with the account it came to. */
    record Received(ChannelAccount channel, Inbound inbound) {}

    /** Reads a stored request; empty when it was processed already or cannot be read (then it is quarantined). */
    Optional<Received> read(UUID eventId) {
        Optional<InboundEventRepository.Stored> stored = events.find(eventId).filter(s -> "stored".equals(s.status()));
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        ChannelAccount account = accounts.find(stored.get().channelId()).orElseThrow();
        Inbound inbound;
        try {
            inbound = adapters.of(account.type()).read(account, stored.get().request());
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

    /** Marks a stored request processed, remembering whom it was about (for erasure and export). */
    void processed(UUID eventId, Set<UUID> customers) {
        Optional<ChannelAccount> account =
                events.processed(eventId, customers, clock.instant()).flatMap(accounts::find);
        if (account.isPresent() && !customers.isEmpty()) {
            ChannelAdapter adapter = adapters.of(account.get().type());
            if (adapter.remembersCustomers()) {
                events.find(eventId).ifPresent(stored -> adapter.processed(stored.request(), customers));
            }
        }
    }

    /**
     * Remembers, without anything personal, that messages with these provider ids were erased with their person: a
     * provider request carrying one again is acknowledged and dropped, never stored.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void forget(UUID channelId, Collection<String> externalIds) {
        Optional<ChannelAccount> account = accounts.find(channelId);
        if (account.isEmpty() || externalIds.isEmpty()) {
            return;
        }
        ChannelAdapter adapter = adapters.of(account.get().type());
        Set<String> keys = new HashSet<>();
        externalIds.forEach(id -> keys.addAll(adapter.storedKeys(id)));
        events.tombstone(channelId, keys, clock.instant());
    }

    /** The raw request a message with this provider id arrived in, while it is kept. */
    public Optional<InboundEventRepository.Stored> stored(UUID channelId, String externalId) {
        return accounts.find(channelId)
                .flatMap(account ->
                        events.byKey(channelId, adapters.of(account.type()).storedKeys(externalId)));
    }

    void quarantined(ChannelType type) {
        meters.counter("oneplace.webhooks.quarantined", "channel", type.code()).increment();
    }
}
