package org.oneplace.consent;

import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.oneplace.consent.internal.ConsentRepository;
import org.oneplace.customer.CustomerException;
import org.oneplace.customer.Customers;
import org.oneplace.platform.AuditActor;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.ConsentPurpose;
import org.oneplace.shared.ConsentStatus;
import org.oneplace.shared.CustomerFilter;
import org.oneplace.shared.Uuid7;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/** The consent ledger: record choices, read the current state and the history, and answer "may we?". */
@Service
@Validated
public class ConsentService {

    /** The channels consent is kept for: those on which a business can contact a person. */
    public static final Set<ChannelType> CHANNELS = ChannelType.CONSENT_CHANNELS;

    private final ConsentRepository ledger;
    private final Customers customers;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ConsentService(ConsentRepository ledger, Customers customers, ApplicationEventPublisher events, Clock clock) {
        this.ledger = ledger;
        this.customers = customers;
        this.events = events;
        this.clock = clock;
    }

    /** Records a choice made by or for a customer (a person or client acting through the API or console). */
    @PreAuthorize("hasAuthority('customers:write')")
    @Transactional
    public List<ConsentView> set(UUID customerId, @Valid SetConsent command) {
        UUID live = customers.liveId(customerId).orElseThrow(() -> CustomerException.unknownCustomer(customerId));
        record(live, command, AuditActor.currentName());
        return current(live);
    }

    /** Records a choice a module received (an identify trait, a STOP keyword); no permission check. */
    @Transactional
    public ConsentView record(UUID customerId, SetConsent command, String recordedBy) {
        if (!CHANNELS.contains(command.channel())) {
            throw ConsentException.notAConsentChannel(command.channel().code());
        }
        Instant now = clock.instant();
        Instant at = command.at() == null ? now : command.at();
        ConsentView record = entry(customerId, command, at, recordedBy);
        ConsentStatus before = ledger.current(customerId, command.channel(), command.purpose())
                .map(ConsentView::status)
                .orElse(null);
        ledger.insert(record, now);
        ConsentStatus after = ledger.current(customerId, command.channel(), command.purpose())
                .map(ConsentView::status)
                .orElseThrow();
        if (before != after) {
            events.publishEvent(new ConsentChanged(customerId, command.channel(), command.purpose(), after, at));
        }
        return record;
    }

    /** A choice to record for a customer, see {@link #recordAll}. */
    public record Entry(UUID customerId, SetConsent choice) {}

    /**
     * Records many choices a module brought in (a bulk import), set-based: one statement reads the customers' ledgers,
     * one inserts. A choice the ledger already holds (same customer, channel, purpose, status and time) is skipped,
     * so bringing the same file in twice records nothing new; an older choice than the current one goes into the
     * history without changing where the customer stands. Answers how many were recorded. No permission check.
     *
     * @param announce for which customers a change of where they stand is published as {@link ConsentChanged}; a bulk
     *     import leaves out the customers it created (their whole record is new to every integrator, and a million
     *     events would cost more than the import) and announces a change for anyone already known
     */
    @Transactional
    public int recordAll(List<Entry> entries, String recordedBy, java.util.function.Predicate<UUID> announce) {
        if (entries.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        Set<UUID> ids = new LinkedHashSet<>();
        entries.forEach(e -> ids.add(e.customerId()));
        Map<String, List<ConsentView>> ledgers = new HashMap<>();
        for (ConsentView row : ledger.history(ids)) {
            ledgers.computeIfAbsent(key(row.customerId(), row.channel(), row.purpose()), k -> new ArrayList<>())
                    .add(row);
        }
        Map<String, ConsentStatus> before = new HashMap<>();
        ledgers.forEach((key, rows) -> before.put(key, latest(rows).status()));
        List<ConsentView> fresh = new ArrayList<>();
        for (Entry entry : entries) {
            SetConsent choice = entry.choice();
            if (!CHANNELS.contains(choice.channel())) {
                throw ConsentException.notAConsentChannel(choice.channel().code());
            }
            Instant at = (choice.at() == null ? now : choice.at()).truncatedTo(ChronoUnit.MICROS);
            String key = key(entry.customerId(), choice.channel(), choice.purpose());
            List<ConsentView> rows = ledgers.computeIfAbsent(key, k -> new ArrayList<>());
            if (rows.stream().anyMatch(r -> r.status() == choice.status() && r.at().equals(at))) {
                continue;
            }
            ConsentView record = entry(entry.customerId(), choice, at, recordedBy);
            rows.add(record);
            fresh.add(record);
        }
        ledger.insertAll(fresh, now);
        Set<String> announced = new HashSet<>();
        for (ConsentView record : fresh) {
            String key = key(record.customerId(), record.channel(), record.purpose());
            ConsentView after = latest(ledgers.get(key));
            if (after.status() != before.get(key) && announce.test(record.customerId()) && announced.add(key)) {
                events.publishEvent(new ConsentChanged(
                        record.customerId(), record.channel(), record.purpose(), after.status(), after.at()));
            }
        }
        return fresh.size();
    }

    /** A ledger entry for a choice: its source defaults to who recorded it, its evidence to none. */
    private static ConsentView entry(UUID customerId, SetConsent command, Instant at, String recordedBy) {
        return new ConsentView(
                Uuid7.next(),
                customerId,
                command.channel(),
                command.purpose(),
                command.status(),
                at,
                command.source() == null || command.source().isBlank()
                        ? recordedBy
                        : command.source().strip(),
                command.evidence() == null ? "" : command.evidence().strip(),
                recordedBy);
    }

    private static String key(UUID customerId, ChannelType channel, ConsentPurpose purpose) {
        return customerId + " " + channel.code() + " " + purpose.code();
    }

    /** The current entry the way the ledger orders them: latest {@code at}, then the latest id. */
    private static ConsentView latest(List<ConsentView> rows) {
        return rows.stream()
                .max(Comparator.comparing(ConsentView::at).thenComparing(ConsentView::id))
                .orElseThrow();
    }

    /**
     * Whether the customer may be contacted on this channel for this purpose: only with a current GRANTED entry.
     * Service conversations the customer started themselves are answered without asking this.
     */
    @Transactional(readOnly = true)
    public boolean allows(UUID customerId, ChannelType channel, ConsentPurpose purpose) {
        return customers
                .liveId(customerId)
                .flatMap(live -> ledger.current(live, channel, purpose))
                .map(c -> c.status() == ConsentStatus.GRANTED)
                .orElse(false);
    }

    /**
     * Where the customer stands on this channel and purpose, if they ever said (module API): the messaging port
     * refuses every send for a purpose the customer withdrew or refused, even a reply to their own message.
     */
    @Transactional(readOnly = true)
    public Optional<ConsentStatus> status(UUID customerId, ChannelType channel, ConsentPurpose purpose) {
        return customers
                .liveId(customerId)
                .flatMap(live -> ledger.current(live, channel, purpose))
                .map(c -> c.status());
    }

    @PreAuthorize("hasAuthority('customers:read')")
    @Transactional(readOnly = true)
    public List<ConsentView> current(UUID customerId) {
        UUID live = customers.liveId(customerId).orElseThrow(() -> CustomerException.unknownCustomer(customerId));
        return ledger.current(new LinkedHashSet<>(List.of(live)));
    }

    @PreAuthorize("hasAuthority('customers:read')")
    @Transactional(readOnly = true)
    public List<ConsentView> history(UUID customerId) {
        UUID live = customers.liveId(customerId).orElseThrow(() -> CustomerException.unknownCustomer(customerId));
        return ledger.history(Set.of(live));
    }
    /** Customers whose latest choice for a channel and purpose is a grant: the audience a consent rule allows. */
    public CustomerFilter granted(ChannelType channel, ConsentPurpose purpose) {
        return ledger.grantedFilter(channel.code(), purpose.code());
    }
}
