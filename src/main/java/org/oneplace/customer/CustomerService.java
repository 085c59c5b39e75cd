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
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;
import tools.jackson.databind.json.JsonMapper;

/**
 * What people and clients do with customers — look up, search, view, add identifiers, set traits, merge, undo,
 * explain links, read the timeline, export and erase — each authorised. Other modules use {@link Customers}.
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
    private final Customers record;

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
            ObjectProvider<PersonalDataHolder> holders,
            Customers record) {
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
        this.record = record;
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
        String normalised = record.normalise(type, value);
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
        record.recordTraits(live(id), command.traits(), clock.instant(), "api:" + AuditActor.currentName());
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
        record.lockLive(live);
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

    /**
     * Every live customer, a page at a time in id order (a bulk export for a warehouse): identifiers, traits,
     * current consents. The cursor is the last id of the page before.
     */
    @PreAuthorize("hasAuthority('customers:export')")
    @Transactional(readOnly = true)
    public Page<CustomerView> exportPage(@Nullable String cursor, int limit) {
        Cursor position = Cursor.parse(cursor, 1);
        int size = Math.clamp(limit, 1, EXPORT_PAGE);
        List<StoredCustomer> rows = customers.page(position == null ? null : position.uuid(0), size + 1);
        Map<UUID, List<IdentifierView>> identifiers =
                identifierViews(rows.stream().map(StoredCustomer::id).toList());
        List<CustomerView> views = new ArrayList<>();
        for (StoredCustomer row : rows) {
            views.add(view(row, identifiers.getOrDefault(row.id(), List.of()), customers.mergedInto(row.id())));
        }
        return Page.of(views, size, v -> Cursor.of(v.id()));
    }

    /** At most this many customers per export page. */
    public static final int EXPORT_PAGE = 1000;

    private CustomerView view(StoredCustomer row, List<IdentifierView> identifiers, List<UUID> mergedIds) {
        List<ConsentSummary> current = new ArrayList<>();
        consents.forEach(c -> current.addAll(c.current(row.id())));
        return new CustomerView(
                row.id(),
                row.createdAt(),
                row.name(),
                identifiers,
                Traits.read(json, row.traits(), row.traitTimes()).values(),
                current,
                mergedIds);
    }

    private CustomerView view(UUID id) {
        StoredCustomer row = customers.find(id).orElseThrow(() -> CustomerException.unknownCustomer(id));
        return view(row, identifierViews(List.of(id)).getOrDefault(id, List.of()), customers.mergedInto(id));
    }

    private Map<UUID, List<IdentifierView>> identifierViews(List<UUID> ids) {
        return record.identifierViews(ids);
    }
}
