package org.oneplace.customer;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
import org.oneplace.customer.internal.StoredCustomer;
import org.oneplace.customer.internal.StoredIdentifier;
import org.oneplace.customer.internal.Traits;
import org.oneplace.platform.Transactions;
import org.oneplace.shared.CustomerFilter;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The customer record as other modules use it: resolution of inbound identifiers to one customer (found, created,
 * merged), traits sent with events, the locks a writer takes against merges, and a customer's name and identifiers.
 * Module API: no permission is checked here, the calling module authenticated its source (a signed webhook, a write
 * key) or serves people through its own secured service. People use {@link CustomerService}.
 */
@Service
public class Customers {

    private final CustomerRepository customers;
    private final IdentityGraph graph;
    private final Transactions transactions;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;

    Customers(
            CustomerRepository customers,
            IdentityGraph graph,
            Transactions transactions,
            ApplicationEventPublisher events,
            JsonMapper json,
            Clock clock) {
        this.customers = customers;
        this.graph = graph;
        this.transactions = transactions;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

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
    StoredCustomer lockLive(UUID id) {
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

    /**
     * Resolves many inbound things at once, in order, in the caller's transaction: set-based where it can be. One
     * statement finds who holds every identifier and one locks those customers; identities nobody holds and that share
     * no identifier with another of the list are created in one go ({@link #createAll}); only the rest (attaching,
     * merging, conflicting) go through {@link #resolve} one by one, exactly as live traffic does. Answers one
     * resolution per identity, each naming the customer that is live when the list is done. Claims should already be
     * normalised ({@link #normalise}); one that is not is still resolved correctly, only one by one.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Resolution> resolveAll(List<ResolveIdentity> identities) {
        int size = identities.size();
        Resolution[] answers = new Resolution[size];
        if (size == 0) {
            return List.of();
        }
        // identities whose identifiers are all held by one customer (verified where claimed verified) are found
        Map<String, UUID> holders = holders(identities.stream()
                .flatMap(i -> i.identifiers().stream())
                .distinct()
                .toList());
        Map<Integer, UUID> known = new HashMap<>();
        for (int i = 0; i < size; i++) {
            UUID holder = holderOfAll(identities.get(i), holders);
            if (holder != null) {
                known.put(i, holder);
            }
        }
        Set<UUID> live = lockLiveShared(new HashSet<>(known.values()));
        known.forEach((i, id) -> {
            if (live.contains(id)) {
                answers[i] = new Resolution(id, false, List.of(), List.of());
            }
        });
        createFresh(identities, holders, answers);
        Set<UUID> mergedAway = new HashSet<>();
        for (int i = 0; i < size; i++) {
            if (answers[i] == null || mergedAway.contains(answers[i].customerId())) {
                answers[i] = resolve(identities.get(i));
                mergedAway.addAll(answers[i].mergedIds());
            }
        }
        if (!mergedAway.isEmpty()) {
            // a customer resolved early in the list may have been merged away by a later identity of the list
            for (int i = 0; i < size; i++) {
                Resolution answer = answers[i];
                if (mergedAway.contains(answer.customerId())) {
                    answers[i] = new Resolution(
                            liveId(answer.customerId()).orElseThrow(),
                            answer.created(),
                            answer.mergedIds(),
                            answer.conflicts());
                }
            }
        }
        return List.of(answers);
    }

    /**
     * Creates the customers of identities new to Oneplace in one go: those whose identifiers nobody holds, grouped by
     * identical identifiers, where no group shares an identifier with another identity. The first of a group is
     * {@code created}, the others found. Everything else is left to resolution.
     */
    private void createFresh(List<ResolveIdentity> identities, Map<String, UUID> holders, Resolution[] answers) {
        Map<String, Integer> uses = new HashMap<>();
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < identities.size(); i++) {
            if (answers[i] != null) {
                continue;
            }
            List<String> keys = identities.get(i).identifiers().stream()
                    .map(IdentifierClaim::key)
                    .distinct()
                    .sorted()
                    .toList();
            if (keys.stream().anyMatch(k -> holders.containsKey(k) || holders.containsKey(k + "?"))) {
                continue;
            }
            List<Integer> group = groups.computeIfAbsent(String.join("\n", keys), k -> new ArrayList<>());
            if (group.isEmpty()) {
                keys.forEach(k -> uses.merge(k, 1, Integer::sum));
            }
            group.add(i);
        }
        List<List<Integer>> fresh = groups.values().stream()
                .filter(group ->
                        identities.get(group.getFirst()).identifiers().stream().allMatch(c -> uses.get(c.key()) == 1))
                .toList();
        if (fresh.isEmpty()) {
            return;
        }
        List<UUID> created = createAll(
                fresh.stream().map(group -> identities.get(group.getFirst())).toList());
        for (int g = 0; g < fresh.size(); g++) {
            List<Integer> group = fresh.get(g);
            for (int i : group) {
                answers[i] = new Resolution(created.get(g), i == group.getFirst(), List.of(), List.of());
            }
        }
    }

    private static @Nullable UUID holderOfAll(ResolveIdentity identity, Map<String, UUID> holders) {
        UUID holder = null;
        for (IdentifierClaim claim : identity.identifiers()) {
            String key = claim.key();
            UUID verified = holders.get(key);
            UUID found = verified != null ? verified : claim.verified() ? null : holders.get(key + "?");
            if (found == null || (holder != null && !holder.equals(found))) {
                return null;
            }
            holder = found;
        }
        return holder;
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
     * A customer's name and identifiers for other modules (an order's customer name, a pickup notice's address).
     * Empty when the id is unknown or erased; a merged-away id answers its survivor.
     */
    @Transactional(readOnly = true)
    public Optional<CustomerSummary> summary(UUID id) {
        return liveId(id)
                .flatMap(customers::find)
                .map(row -> new CustomerSummary(
                        row.id(),
                        row.name(),
                        identifierViews(List.of(row.id())).getOrDefault(row.id(), List.of()),
                        row.createdAt()));
    }

    /** The identifiers of these customers, as people and other modules see them. */
    Map<UUID, List<IdentifierView>> identifierViews(List<UUID> ids) {
        Map<UUID, List<IdentifierView>> result = new LinkedHashMap<>();
        for (StoredIdentifier row : customers.identifiersOf(ids)) {
            result.computeIfAbsent(row.customerId(), k -> new ArrayList<>())
                    .add(new IdentifierView(row.type(), row.value(), row.verified(), row.addedAt(), row.source()));
        }
        return result;
    }
    /** A live customer's traits (the survivor's for a merged-away id); empty when unknown or erased. */
    @Transactional(readOnly = true)
    public Optional<Map<String, Object>> traits(UUID id) {
        return liveId(id)
                .flatMap(customers::find)
                .map(row -> Traits.read(json, row.traits(), row.traitTimes()).values());
    }

    /** Every live customer: the ground a segment's conditions narrow. */
    public CustomerFilter live() {
        return customers.liveFilter();
    }

    /** Live customers with a trait: any value when {@code value} is null, else this one (compared as text). */
    public CustomerFilter withTrait(String key, @Nullable Object value) {
        return customers.traitFilter(key, value == null ? null : String.valueOf(value));
    }

    /** Customers holding an identifier of a type (someone with an e-mail address, a phone number …). */
    public CustomerFilter withIdentifier(IdentifierType type) {
        return customers.identifierFilter(type.code());
    }
}
