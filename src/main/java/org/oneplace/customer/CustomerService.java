package org.oneplace.customer;

import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.customer.internal.CustomerRepository;
import org.oneplace.customer.internal.IdentityGraph;
import org.oneplace.customer.internal.MergeRepository;
import org.oneplace.customer.internal.StoredCustomer;
import org.oneplace.customer.internal.StoredIdentifier;
import org.oneplace.customer.internal.Traits;
import org.oneplace.platform.AuditActor;
import org.oneplace.platform.AuditLog;
import org.oneplace.platform.Transactions;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.Cursor;
import org.oneplace.shared.InvalidValueException;
import org.oneplace.shared.Page;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;
import tools.jackson.databind.json.JsonMapper;

/**
 * The customer record: resolution of inbound identifiers (for other modules), and what people and clients do with
 * customers — look up, search, view, add identifiers, set traits, merge, undo, explain links, read the timeline,
 * export and erase.
 */
@Service
@Validated
public class CustomerService {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(java.time.ZoneOffset.UTC);

    private final CustomerRepository customers;
    private final MergeRepository merges;
    private final IdentityGraph graph;
    private final Transactions transactions;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;
    private final ObjectProvider<ConsentSummaries> consents;
    private final ObjectProvider<TimelineSource> timelineSources;
    private final ObjectProvider<PersonalDataHolder> holders;

    CustomerService(
            CustomerRepository customers,
            MergeRepository merges,
            IdentityGraph graph,
            Transactions transactions,
            AuditLog audit,
            ApplicationEventPublisher events,
            JsonMapper json,
            Clock clock,
            ObjectProvider<ConsentSummaries> consents,
            ObjectProvider<TimelineSource> timelineSources,
            ObjectProvider<PersonalDataHolder> holders) {
        this.customers = customers;
        this.merges = merges;
        this.graph = graph;
        this.transactions = transactions;
        this.audit = audit;
        this.events = events;
        this.json = json;
        this.clock = clock;
        this.consents = consents;
        this.timelineSources = timelineSources;
        this.holders = holders;
    }

    // ---- for other modules: no permission check, the caller authenticated its source

    /**
     * The customer the identifiers of an inbound thing belong to: found, created, or merged from several. Joins the
     * caller's transaction when there is one (then a concurrency failure propagates for the caller to retry the
     * whole transaction); otherwise runs in its own and retries by itself.
     *
     * @throws IllegalArgumentException naming an invalid identifier value
     */
    public Resolution resolve(ResolveIdentity command) {
        return transactions.retrying(() -> graph.resolve(command));
    }

    /** Checks and normalises an identifier without storing anything. */
    public String normalise(IdentifierType type, String value) {
        return graph.normalise(new IdentifierClaim(type, value, false)).value();
    }

    /** The live customer an id answers for (itself or the survivor of its merges); empty when unknown or erased. */
    @Transactional(readOnly = true)
    public Optional<UUID> liveId(UUID id) {
        return customers.liveId(id);
    }

    /**
     * Applies traits sent with an event at {@code at}, key by key last-write-wins; a {@code consents} trait
     * ({@code {"email": {"marketing": true}}}) is announced to the consent ledger as {@link ConsentSignalled}.
     * Writes to a merged-away id land on the survivor.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordTraits(UUID customerId, Map<String, ?> traits, Instant at, String source) {
        StoredCustomer row = lockLive(customerId);
        UUID live = row.id();
        Traits current = Traits.read(json, row.traits(), row.traitTimes());
        if (current.apply(traits, at)) {
            customers.updateTraits(live, current.name(), current.valuesJson(json), current.timesJson(json), at);
        }
        if (traits.get("consents") instanceof Map<?, ?> byChannel) {
            signalConsents(live, byChannel, at, source);
        }
    }

    /** Traits sent with one event, for {@link #recordTraits(List)}. */
    public record TraitWrite(UUID customerId, Map<String, ?> traits, Instant at, String source) {}

    /**
     * {@link #recordTraits(UUID, Map, Instant, String)} for many events at once, in event order: the customers are
     * locked in one statement and written in one; a customer merged away meanwhile is written the one-by-one way.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordTraits(List<TraitWrite> writes) {
        if (writes.isEmpty()) {
            return;
        }
        Map<UUID, StoredCustomer> locked = new LinkedHashMap<>();
        customers
                .lockForUpdate(
                        writes.stream().map(TraitWrite::customerId).distinct().toList())
                .forEach(row -> locked.put(row.id(), row));
        Map<UUID, Traits> traits = new LinkedHashMap<>();
        Set<UUID> changed = new LinkedHashSet<>();
        for (TraitWrite write : writes) {
            StoredCustomer row = locked.get(write.customerId());
            if (row == null || !row.live()) {
                recordTraits(write.customerId(), write.traits(), write.at(), write.source());
                continue;
            }
            Traits current = traits.computeIfAbsent(row.id(), id -> Traits.read(json, row.traits(), row.traitTimes()));
            if (current.apply(write.traits(), write.at())) {
                changed.add(row.id());
            }
            if (write.traits().get("consents") instanceof Map<?, ?> byChannel) {
                signalConsents(row.id(), byChannel, write.at(), write.source());
            }
        }
        if (!changed.isEmpty()) {
            customers.updateTraitsAll(
                    changed.stream()
                            .map(id -> new CustomerRepository.TraitsUpdate(
                                    id,
                                    traits.get(id).name(),
                                    traits.get(id).valuesJson(json),
                                    traits.get(id).timesJson(json)))
                            .toList(),
                    clock.instant());
        }
    }

    private void signalConsents(UUID customerId, Map<?, ?> byChannel, Instant at, String source) {
        for (ConsentSignalled.Choice choice : ConsentSignalled.choicesIn(byChannel)) {
            events.publishEvent(new ConsentSignalled(
                    customerId, choice.channel(), choice.purpose(), choice.status(), source, choice.evidence(), at));
        }
    }

    /** Locks the live customer an id answers for ({@code FOR UPDATE}) and answers its row. */
    private StoredCustomer lockLive(UUID id) {
        List<StoredCustomer> direct = customers.lockForUpdate(List.of(id));
        if (!direct.isEmpty() && direct.getFirst().live()) {
            return direct.getFirst(); // the usual case: the id is live, one statement
        }
        for (int attempt = 0; attempt < 20; attempt++) {
            UUID live = customers.liveId(id).orElseThrow(() -> CustomerException.unknownCustomer(id));
            List<StoredCustomer> locked = customers.lockForUpdate(List.of(live));
            if (!locked.isEmpty() && locked.getFirst().live()) {
                return locked.getFirst();
            }
        }
        throw new org.springframework.dao.ConcurrencyFailureException("customer " + id + " keeps changing");
    }

    /**
     * Creates one customer per identity in one go, for identities whose identifiers nobody holds and that share none
     * with each other (new devices and people arriving in one tracking commit). Answers the new customer ids in order.
     * When another transaction took one of the identifiers meanwhile, a concurrency failure lets the caller retry,
     * and the identity then resolves normally.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<UUID> createAll(List<ResolveIdentity> identities) {
        List<UUID> ids = new ArrayList<>();
        List<StoredIdentifier> rows = new ArrayList<>();
        Instant now = clock.instant();
        for (ResolveIdentity identity : identities) {
            UUID id = org.oneplace.shared.Uuid7.next();
            ids.add(id);
            Map<String, IdentifierClaim> claims = new LinkedHashMap<>();
            for (IdentifierClaim raw : identity.identifiers()) {
                IdentifierClaim claim = graph.normalise(raw);
                claims.merge(claim.key(), claim, (a, b) -> a.verified() ? a : b);
            }
            for (IdentifierClaim claim : claims.values()) {
                rows.add(new StoredIdentifier(
                        org.oneplace.shared.Uuid7.next(),
                        id,
                        claim.type(),
                        claim.value(),
                        claim.verified(),
                        now,
                        "created",
                        identity.source(),
                        identity.sourceRef(),
                        id,
                        null));
            }
        }
        customers.insertAll(ids, identities.stream().map(ResolveIdentity::at).toList());
        if (customers.insertIdentifiers(rows) != rows.size()) {
            throw new org.springframework.dao.ConcurrencyFailureException(
                    "an identifier was taken by another transaction; resolve again");
        }
        return ids;
    }

    /** Who holds each of these identifiers now, by {@code type:value} of the normalised identifier. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<String, UUID> holders(List<IdentifierClaim> claims) {
        List<IdentifierClaim> normalised = claims.stream().map(graph::normalise).toList();
        Map<String, UUID> holders = new LinkedHashMap<>();
        customers
                .findIdentifiers(
                        normalised.stream().map(IdentifierClaim::type).toList(),
                        normalised.stream().map(IdentifierClaim::value).toList())
                .forEach(row -> holders.put(row.key() + (row.verified() ? "" : "?"), row.customerId()));
        return holders;
    }

    /**
     * Locks these customers against merges and erasure until the caller commits ({@code FOR KEY SHARE}, in id
     * order) and answers those that are live: a writer that then stores data for them knows a merge will fold it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Set<UUID> lockLiveShared(Set<UUID> ids) {
        return new LinkedHashSet<>(customers.lockShared(ids));
    }

    /**
     * A customer's name and identifiers for other modules (an order's customer name, a pickup notice's address);
     * no permission check. Empty when the id is unknown or erased; a merged-away id answers its survivor.
     */
    @Transactional(readOnly = true)
    public Optional<CustomerSummary> summary(UUID id) {
        return liveId(id).map(live -> {
            CustomerView view = view(live);
            return new CustomerSummary(view.id(), view.name(), view.identifiers(), view.createdAt());
        });
    }

    // ---- for people and clients

    @PreAuthorize("hasAuthority('customers:read')")
    @Transactional(readOnly = true)
    public CustomerView customer(UUID id) {
        return view(live(id));
    }

    @PreAuthorize("hasAuthority('customers:read')")
    @Transactional(readOnly = true)
    public CustomerView lookup(IdentifierType type, String value) {
        String normalised = normalise(type, value);
        StoredIdentifier row = customers
                .findIdentifier(type, normalised)
                .orElseThrow(() -> CustomerException.noMatch(type, normalised));
        return view(row.customerId());
    }

    /** Customers whose name or any identifier contains the text; a phone number is also matched in E.164. */
    @PreAuthorize("hasAuthority('customers:read')")
    @Transactional(readOnly = true)
    public Page<CustomerSummary> search(String text, @Nullable String cursor, int limit) {
        String query = text.strip();
        if (query.isEmpty()) {
            throw new InvalidValueException("Give some text to search for (a name, email, phone or id).");
        }
        try {
            query = IdentifierType.PHONE.normalise(query, null);
        } catch (IllegalArgumentException notAPhone) {
            // searched as typed
        }
        Cursor position = Cursor.parse(cursor, 1);
        UUID after = position == null ? null : position.uuid(0);
        List<StoredCustomer> found = customers.search(query, after, limit);
        Map<UUID, List<IdentifierView>> identifiers =
                identifierViews(found.stream().map(StoredCustomer::id).toList());
        List<CustomerSummary> summaries = found.stream()
                .map(c -> new CustomerSummary(
                        c.id(), c.name(), identifiers.getOrDefault(c.id(), List.of()), c.createdAt()))
                .toList();
        return Page.of(summaries, limit, s -> Cursor.of(s.id()));
    }

    @PreAuthorize("hasAuthority('customers:write')")
    @Transactional
    public AddedIdentifier addIdentifier(UUID id, @Valid AddIdentifier command) {
        UUID live = live(id);
        Resolution resolution = graph.addIdentifier(
                live, new IdentifierClaim(command.type(), command.value(), command.proven()), AuditActor.currentName());
        if (!resolution.mergedIds().isEmpty() && !mayMerge()) {
            // a merge a person causes needs the merge permission, however it is asked for; the transaction rolls back
            throw new AuthorizationDeniedException(
                    "Adding this verified identifier would merge customers",
                    new AuthorityAuthorizationDecision(false, AuthorityUtils.createAuthorityList(MERGE)));
        }
        audit.record(
                "customer.identifier-added",
                "customer",
                resolution.customerId().toString(),
                null,
                Map.of("type", command.type().code(), "merged", resolution.mergedIds()));
        return new AddedIdentifier(
                !resolution.mergedIds().isEmpty(), resolution.mergedIds(), view(resolution.customerId()));
    }

    private static final String MERGE = "customers:merge";

    private static boolean mayMerge() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null
                && authentication.getAuthorities().stream().anyMatch(a -> MERGE.equals(a.getAuthority()));
    }

    @PreAuthorize("hasAuthority('customers:write')")
    @Transactional
    public CustomerView updateTraits(UUID id, @Valid UpdateTraits command) {
        recordTraits(live(id), command.traits(), clock.instant(), "api:" + AuditActor.currentName());
        return view(live(id));
    }

    @PreAuthorize("hasAuthority('customers:merge')")
    public MergeView merge(@Valid MergeCustomers command) {
        return transactions.retrying(() -> {
            UUID survivor = live(command.survivorId());
            UUID merged = live(command.mergedId());
            return graph.mergeManually(survivor, merged, command.reason().strip(), AuditActor.currentName());
        });
    }

    @PreAuthorize("hasAuthority('customers:merge')")
    public MergeView undoMerge(UUID mergeId) {
        return transactions.retrying(() -> graph.undo(mergeId));
    }

    @PreAuthorize("hasAuthority('customers:read')")
    @Transactional(readOnly = true)
    public List<MergeView> merges(UUID id) {
        UUID live = live(id);
        return merges.mergesOf(customers.cluster(live));
    }

    @PreAuthorize("hasAuthority('customers:read')")
    @Transactional(readOnly = true)
    public List<ConflictView> conflicts(UUID id) {
        return merges.conflictsOf(customers.cluster(live(id)));
    }

    /** Why each identifier belongs to the customer. */
    @PreAuthorize("hasAuthority('customers:read')")
    @Transactional(readOnly = true)
    public List<LinkView> links(UUID id) {
        UUID live = live(id);
        Map<UUID, MergeView> mergesById = new LinkedHashMap<>();
        merges.mergesOf(customers.cluster(live)).forEach(m -> mergesById.put(m.id(), m));
        return customers.identifiersOf(List.of(live)).stream()
                .map(row -> link(row, live, row.mergeId() == null ? null : mergesById.get(row.mergeId())))
                .toList();
    }

    private static LinkView link(StoredIdentifier row, UUID live, @Nullable MergeView merge) {
        String via = row.sourceRef() == null ? row.source() : row.source() + " (" + row.sourceRef() + ")";
        String how = switch (row.rule()) {
            case "created" -> "created this customer";
            case "attached" -> "arrived together with identifiers the customer already had";
            case "manual" -> "was added by hand";
            case "displaced-claim" -> "was proven by this customer and taken over from an unverified claim";
            default -> "joined by rule " + row.rule();
        };
        StringBuilder explanation = new StringBuilder()
                .append("This ")
                .append(row.type().code())
                .append(" joined customer ")
                .append(row.firstCustomerId())
                .append(" on ")
                .append(DAY.format(row.addedAt()))
                .append(" through ")
                .append(via)
                .append(": it ")
                .append(how)
                .append(row.verified() ? "" : " (unverified claim)")
                .append('.');
        if (!row.firstCustomerId().equals(live)) {
            explanation.append(" It came to this customer");
            if (merge != null) {
                explanation
                        .append(" with merge ")
                        .append(merge.id())
                        .append(" on ")
                        .append(DAY.format(merge.mergedAt()))
                        .append(" (")
                        .append(merge.reason())
                        .append(')');
            } else {
                explanation.append(" through a merge");
            }
            explanation.append('.');
        }
        return new LinkView(
                row.type(),
                row.value(),
                row.verified(),
                row.addedAt(),
                row.rule(),
                row.source(),
                row.sourceRef(),
                row.firstCustomerId(),
                row.mergeId(),
                explanation.toString());
    }

    /** One page of the timeline, newest first, from every module's {@link TimelineSource}. */
    @PreAuthorize("hasAuthority('customers:read')")
    @Transactional(readOnly = true)
    public Page<TimelineEntry> timeline(
            UUID id, Set<ChannelType> channels, Set<String> kinds, @Nullable String cursor, int limit) {
        List<UUID> cluster = customers.cluster(id);
        if (cluster.isEmpty()) {
            throw CustomerException.unknownCustomer(id);
        }
        Cursor before = Cursor.parse(cursor, 2);
        Instant beforeAt = before == null ? null : before.instant(0);
        String beforeId = before == null ? null : before.text(1);
        TimelineQuery query = new TimelineQuery(
                new LinkedHashSet<>(cluster), beforeAt, beforeId, Set.copyOf(channels), Set.copyOf(kinds), limit + 1);
        List<TimelineEntry> all = new ArrayList<>();
        for (TimelineSource source : timelineSources) {
            if (query.wants(source.kind())) {
                all.addAll(source.entries(query));
            }
        }
        all.sort(Comparator.comparing(TimelineEntry::at)
                .thenComparing(TimelineEntry::id)
                .reversed());
        List<TimelineEntry> page = all.subList(0, Math.min(all.size(), limit + 1));
        return Page.of(page, limit, e -> Cursor.of(e.at(), e.id()));
    }

    /** Everything Oneplace holds about the person (GDPR Art. 15 and 20); audited. */
    @PreAuthorize("hasAuthority('customers:export')")
    @Transactional
    public Map<String, Object> export(UUID id) {
        UUID live = live(id);
        Set<UUID> ids = new LinkedHashSet<>(customers.cluster(live));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("exportedAt", clock.instant());
        document.put("customer", view(live));
        document.put("links", links(live));
        document.put("merges", merges.mergesOf(List.copyOf(ids)));
        document.put("conflicts", merges.conflictsOf(List.copyOf(ids)));
        for (PersonalDataHolder holder : holders) {
            document.put(holder.section(), holder.export(ids));
        }
        audit.record("customer.exported", "customer", live.toString(), null, Map.of("sections", document.keySet()));
        return document;
    }

    /**
     * Erases the person (GDPR Art. 17): every module removes or pseudonymises its data, identifiers are deleted so
     * that later contact starts a new, unlinked customer, traits are cleared; the audit entry keeps only the id.
     *
     * @param confirmation must repeat the id: erasure cannot be undone
     */
    @PreAuthorize("hasAuthority('customers:erase')")
    @Transactional
    public void erase(UUID id, @Nullable String confirmation) {
        UUID live = live(id);
        if (confirmation == null || !(confirmation.equals(id.toString()) || confirmation.equals(live.toString()))) {
            throw CustomerException.confirmationMissing(id);
        }
        lockLive(live);
        Set<UUID> ids = new LinkedHashSet<>(customers.cluster(live));
        customers.lockForUpdate(ids);
        for (PersonalDataHolder holder : holders) {
            holder.erase(ids);
        }
        customers.deleteIdentifiers(ids);
        merges.scrub(ids);
        Instant now = clock.instant();
        customers.markErased(ids, now);
        audit.record("customer.erased", "customer", live.toString(), null, Map.of("customerIds", ids));
        events.publishEvent(new CustomerErased(live, ids, now));
    }

    // ---- views

    private UUID live(UUID id) {
        return customers.liveId(id).orElseThrow(() -> CustomerException.unknownCustomer(id));
    }

    private CustomerView view(UUID id) {
        StoredCustomer row = customers.find(id).orElseThrow(() -> CustomerException.unknownCustomer(id));
        Traits traits = Traits.read(json, row.traits(), row.traitTimes());
        List<ConsentSummary> current = new ArrayList<>();
        consents.forEach(c -> current.addAll(c.current(id)));
        return new CustomerView(
                row.id(),
                row.createdAt(),
                row.name(),
                identifierViews(List.of(id)).getOrDefault(id, List.of()),
                traits.values(),
                current,
                customers.mergedInto(id));
    }

    private Map<UUID, List<IdentifierView>> identifierViews(List<UUID> ids) {
        Map<UUID, List<IdentifierView>> result = new LinkedHashMap<>();
        for (StoredIdentifier row : customers.identifiersOf(ids)) {
            result.computeIfAbsent(row.customerId(), k -> new ArrayList<>())
                    .add(new IdentifierView(row.type(), row.value(), row.verified(), row.addedAt(), row.source()));
        }
        return result;
    }
}
