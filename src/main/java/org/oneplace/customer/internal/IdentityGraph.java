package org.oneplace.customer.internal;

// Why this class is large: resolution, merge and undo share one lock protocol and one set of guard rails (one
// user_id, conflicts recorded, not merged); split apart, each half would have to restate the protocol the other
// relies on, and the "exact merges under a storm" checks verify them as one.

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.oneplace.customer.ConflictView;
import org.oneplace.customer.CustomerException;
import org.oneplace.customer.CustomerProperties;
import org.oneplace.customer.CustomersMerged;
import org.oneplace.customer.CustomersUnmerged;
import org.oneplace.customer.IdentifierClaim;
import org.oneplace.customer.IdentifierType;
import org.oneplace.customer.MergeView;
import org.oneplace.customer.Resolution;
import org.oneplace.customer.ResolveIdentity;
import org.oneplace.platform.AuditLog;
import org.oneplace.shared.Uuid7;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Identity resolution: which customer the identifiers of an inbound thing belong to, creating, attaching and merging
 * as needed, and the merge and its undo themselves. Runs in the caller's transaction; a race with another
 * transaction shows as a {@link ConcurrencyFailureException} for the caller's retry (see
 * {@code platform.Transactions}), never as a wrong answer.
 *
 * <p>Locking: a merge locks every customer it touches {@code FOR UPDATE} in id order, in one statement; a plain
 * resolution locks its one customer {@code FOR KEY SHARE}, which a merge waits for. Writers of other modules that
 * hold the shared lock until they commit therefore never leave data on a customer merged away meanwhile.
 */
@Component
public class IdentityGraph {

    private final CustomerRepository customers;
    private final MergeRepository merges;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;
    private final CustomerProperties properties;
    private final Map<IdentifierType, Integer> limits;

    IdentityGraph(
            CustomerRepository customers,
            MergeRepository merges,
            AuditLog audit,
            ApplicationEventPublisher events,
            JsonMapper json,
            Clock clock,
            CustomerProperties properties) {
        this.customers = customers;
        this.merges = merges;
        this.audit = audit;
        this.events = events;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
        this.limits = properties.limitsByType();
    }

    /** Normalises a claim; throws {@link IllegalArgumentException} naming the value when it is invalid. */
    public IdentifierClaim normalise(IdentifierClaim claim) {
        return new IdentifierClaim(
                claim.type(), claim.type().normalise(claim.value(), properties.defaultRegion()), claim.verified());
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Resolution resolve(ResolveIdentity command) {
        Map<String, IdentifierClaim> claims = new LinkedHashMap<>();
        for (IdentifierClaim raw : command.identifiers()) {
            IdentifierClaim claim = normalise(raw);
            claims.merge(
                    key(claim.type(), claim.value()),
                    claim,
                    (a, b) -> new IdentifierClaim(a.type(), a.value(), a.verified() || b.verified()));
        }
        List<IdentifierClaim> ordered = claims.values().stream()
                .sorted(Comparator.comparingInt(c -> properties.rank(c.type())))
                .toList();
        Map<String, StoredIdentifier> held = new HashMap<>();
        customers
                .findIdentifiers(
                        ordered.stream().map(IdentifierClaim::type).toList(),
                        ordered.stream().map(IdentifierClaim::value).toList())
                .forEach(row -> held.put(row.key(), row));

        // Customers the inbound thing proves to be: reached through a verified identifier they hold verified.
        LinkedHashSet<UUID> anchors = new LinkedHashSet<>();
        for (IdentifierClaim claim : ordered) {
            StoredIdentifier row = held.get(key(claim.type(), claim.value()));
            if (row != null && claim.verified() && row.verified()) {
                anchors.add(row.customerId());
            }
        }
        List<String> conflicts = new ArrayList<>();
        List<UUID> merged = new ArrayList<>();
        UUID customerId;
        boolean created = false;
        if (anchors.isEmpty()) {
            customerId = create(command.at());
            created = true;
        } else if (anchors.size() == 1) {
            customerId = anchors.getFirst();
            StoredCustomer locked = customers.lockShared(customerId).orElseThrow(IdentityGraph::raced);
            if (!locked.live()) {
                throw raced();
            }
        } else {
            List<StoredCustomer> locked = customers.lockForUpdate(anchors);
            if (locked.size() != anchors.size() || locked.stream().anyMatch(c -> !c.live())) {
                throw raced();
            }
            Map<UUID, Map<IdentifierType, List<String>>> holdings = holdings(anchors);
            // The first anchor (found through the most trusted identifier) decides; others join when compatible.
            List<UUID> cluster = new ArrayList<>(List.of(anchors.getFirst()));
            for (UUID candidate : anchors.stream().skip(1).toList()) {
                String refusal = refusal(cluster, candidate, holdings);
                if (refusal == null) {
                    cluster.add(candidate);
                } else {
                    IdentifierClaim via = ordered.stream()
                            .filter(c -> {
                                StoredIdentifier row = held.get(key(c.type(), c.value()));
                                return row != null && row.customerId().equals(candidate);
                            })
                            .findFirst()
                            .orElseThrow();
                    conflicts.add(refusal);
                    recordConflict(cluster.getFirst(), candidate, via, refusal, command.source(), command.at());
                }
            }
            Map<UUID, Instant> createdAt =
                    locked.stream().collect(Collectors.toMap(StoredCustomer::id, StoredCustomer::createdAt));
            cluster.sort(Comparator.comparing((UUID id) -> createdAt.get(id)).thenComparing(id -> id));
            customerId = cluster.getFirst();
            for (UUID other : cluster.subList(1, cluster.size())) {
                merge(
                        customerId,
                        other,
                        "identifiers of one " + command.source() + " event",
                        "automatic",
                        command.source());
                merged.add(other);
            }
        }

        // read only when something is to be attached; a customer created just now holds nothing yet
        Map<IdentifierType, Integer> counts = created ? new EnumMap<>(IdentifierType.class) : null;
        for (IdentifierClaim claim : ordered) {
            StoredIdentifier row = held.get(key(claim.type(), claim.value()));
            boolean ours = row != null && (row.customerId().equals(customerId) || merged.contains(row.customerId()));
            if (ours) {
                if (claim.verified() && !row.verified()) {
                    customers.markVerified(row.id());
                }
                continue;
            }
            if (row != null && !(claim.verified() && !row.verified())) {
                continue; // someone else's identifier, or our mere claim against someone's: never taken
            }
            if (counts == null) {
                counts = new EnumMap<>(IdentifierType.class);
                for (var entry : holdings(List.of(customerId))
                        .getOrDefault(customerId, Map.of())
                        .entrySet()) {
                    counts.put(entry.getKey(), entry.getValue().size());
                }
            }
            int limit = limits.getOrDefault(claim.type(), Integer.MAX_VALUE);
            int count = counts.getOrDefault(claim.type(), 0);
            if (count >= limit) {
                if (claim.type() == IdentifierType.USER_ID && claim.verified() && row == null && !created) {
                    // A second signed-in user on a known device: that user is a person of their own.
                    return resolveAsNewPerson(command, ordered, held, customerId, claim);
                }
                conflicts.add("not attached: the customer already has " + limit + " "
                        + claim.type().code() + (limit == 1 ? "" : "s"));
                continue;
            }
            if (row == null) {
                attach(customerId, claim, created ? "created" : "attached", command);
            } else if (!customers.moveIdentifier(row.id(), row.customerId(), customerId, "displaced-claim")) {
                throw raced();
            }
            counts.merge(claim.type(), 1, Integer::sum);
        }
        return new Resolution(customerId, created, merged, conflicts);
    }

    private Resolution resolveAsNewPerson(
            ResolveIdentity command,
            List<IdentifierClaim> ordered,
            Map<String, StoredIdentifier> held,
            UUID device,
            IdentifierClaim userId) {
        UUID customerId = create(command.at());
        for (IdentifierClaim claim : ordered) {
            if (held.get(key(claim.type(), claim.value())) == null) {
                attach(customerId, claim, "created", command);
            }
        }
        String reason = "two different user ids on one device; not merged";
        recordConflict(customerId, device, userId, reason, command.source(), command.at());
        return new Resolution(customerId, true, List.of(), List.of(reason));
    }

    private UUID create(Instant at) {
        UUID id = Uuid7.next();
        customers.insert(id, at);
        return id;
    }

    private void attach(UUID customerId, IdentifierClaim claim, String rule, ResolveIdentity command) {
        StoredIdentifier row = new StoredIdentifier(
                Uuid7.next(),
                customerId,
                claim.type(),
                claim.value(),
                claim.verified(),
                clock.instant(),
                rule,
                command.source(),
                command.sourceRef(),
                customerId,
                null);
        if (!customers.insertIdentifier(row)) {
            throw raced(); // another transaction took it first: resolve again and find it there
        }
    }

    /** Adds one identifier to a known customer on a person's request; may merge the customer holding it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Resolution addIdentifier(UUID customerId, IdentifierClaim raw, String source) {
        IdentifierClaim claim = normalise(raw);
        var row = customers.findIdentifier(claim.type(), claim.value());
        if (row.isPresent() && row.get().customerId().equals(customerId)) {
            if (claim.verified() && !row.get().verified()) {
                customers.markVerified(row.get().id());
            }
            return new Resolution(customerId, false, List.of(), List.of());
        }
        if (row.isPresent() && !claim.verified()) {
            throw CustomerException.heldByAnother(claim.type(), claim.value());
        }
        if (row.isPresent() && !row.get().verified()) {
            // a proven identifier takes over someone's unverified claim; the two customers stay apart
            if (!customers.moveIdentifier(row.get().id(), row.get().customerId(), customerId, "displaced-claim")) {
                throw raced();
            }
            return new Resolution(customerId, false, List.of(), List.of());
        }
        if (row.isPresent()) {
            List<StoredCustomer> locked =
                    customers.lockForUpdate(List.of(customerId, row.get().customerId()));
            if (locked.size() != 2 || locked.stream().anyMatch(c -> !c.live())) {
                throw raced();
            }
            UUID other = row.get().customerId();
            String refusal = refusal(List.of(customerId), other, holdings(List.of(customerId, other)));
            if (refusal != null) {
                throw CustomerException.mergeRefused(refusal);
            }
            StoredCustomer a = locked.get(0);
            StoredCustomer b = locked.get(1);
            UUID survivor = a.createdAt().compareTo(b.createdAt()) <= 0 ? a.id() : b.id();
            UUID mergedAway = survivor.equals(a.id()) ? b.id() : a.id();
            merge(survivor, mergedAway, "identifier " + claim.type().code() + " added by " + source, "manual", source);
            return new Resolution(survivor, false, List.of(mergedAway), List.of());
        }
        StoredCustomer locked = customers.lockShared(customerId).orElseThrow(IdentityGraph::raced);
        if (!locked.live()) {
            throw raced();
        }
        int limit = limits.getOrDefault(claim.type(), Integer.MAX_VALUE);
        int count = holdings(List.of(customerId))
                .getOrDefault(customerId, Map.of())
                .getOrDefault(claim.type(), List.of())
                .size();
        if (count >= limit) {
            throw CustomerException.limitReached(claim.type(), limit);
        }
        attach(customerId, claim, "manual", new ResolveIdentity(List.of(claim), source, null, clock.instant()));
        return new Resolution(customerId, false, List.of(), List.of());
    }

    /** Why {@code candidate} may not join {@code cluster}, or null when it may. */
    private @Nullable String refusal(
            List<UUID> cluster, UUID candidate, Map<UUID, Map<IdentifierType, List<String>>> holdings) {
        Map<IdentifierType, Set<String>> combined = new EnumMap<>(IdentifierType.class);
        for (UUID id : cluster) {
            holdings.getOrDefault(id, Map.of())
                    .forEach((type, values) -> combined.computeIfAbsent(type, t -> new LinkedHashSet<>())
                            .addAll(values));
        }
        Map<IdentifierType, List<String>> theirs = holdings.getOrDefault(candidate, Map.of());
        for (Map.Entry<IdentifierType, List<String>> entry : theirs.entrySet()) {
            IdentifierType type = entry.getKey();
            Set<String> union = new LinkedHashSet<>(combined.getOrDefault(type, Set.of()));
            union.addAll(entry.getValue());
            int limit = limits.getOrDefault(type, Integer.MAX_VALUE);
            if (union.size() > limit) {
                return type == IdentifierType.USER_ID
                        ? "two different user ids (" + String.join(", ", union) + ") never merge"
                        : "merging would give one customer " + union.size() + " identifiers of type " + type.code()
                                + ", more than the limit of " + limit;
            }
        }
        return null;
    }

    private Map<UUID, Map<IdentifierType, List<String>>> holdings(java.util.Collection<UUID> ids) {
        Map<UUID, Map<IdentifierType, List<String>>> result = new HashMap<>();
        for (StoredIdentifier row : customers.identifiersOf(ids)) {
            result.computeIfAbsent(row.customerId(), k -> new EnumMap<>(IdentifierType.class))
                    .computeIfAbsent(row.type(), t -> new ArrayList<>())
                    .add(row.value());
        }
        return result;
    }

    private void recordConflict(
            UUID customerId, UUID otherId, IdentifierClaim via, String reason, String source, Instant at) {
        merges.insertConflict(
                new ConflictView(Uuid7.next(), customerId, otherId, via.type(), via.value(), reason, source, at, null));
    }

    /**
     * Merges {@code mergedId} into {@code survivorId}; both must be locked {@code FOR UPDATE} by the caller. Moves
     * identifiers and traits, leaves a pointer on the merged customer, records the merge for undo, audits it and
     * publishes {@link CustomersMerged} in this transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public MergeView merge(UUID survivorId, UUID mergedId, String reason, String cause, String actor) {
        StoredCustomer survivor = customers.find(survivorId).orElseThrow();
        StoredCustomer mergedAway = customers.find(mergedId).orElseThrow();
        UUID mergeId = Uuid7.next();
        Instant now = clock.instant();
        List<StoredIdentifier> moved = customers.moveAll(mergedId, survivorId, mergeId);
        Traits kept = Traits.read(json, survivor.traits(), survivor.traitTimes());
        kept.absorb(Traits.read(json, mergedAway.traits(), mergedAway.traitTimes()));
        customers.updateTraits(survivorId, kept.name(), kept.valuesJson(json), kept.timesJson(json), now);
        customers.markMerged(mergedId, survivorId, now);
        MergeView view = new MergeView(
                mergeId,
                survivorId,
                mergedId,
                reason,
                cause,
                actor,
                moved.stream().map(StoredIdentifier::key).toList(),
                now,
                null);
        merges.insert(new MergeRepository.StoredMerge(
                view,
                moved.stream().map(StoredIdentifier::id).toList(),
                survivor.traits(),
                survivor.traitTimes(),
                mergedAway.traits(),
                mergedAway.traitTimes()));
        audit.record("customer.merged", "customer", survivorId.toString(), null, withoutValues(view));
        events.publishEvent(new CustomersMerged(mergeId, survivorId, mergedId, now));
        return view;
    }

    /** Undoes a merge: identifiers and traits go back, the merged customer lives again, modules re-attribute. */
    @Transactional(propagation = Propagation.MANDATORY)
    public MergeView undo(UUID mergeId) {
        MergeRepository.StoredMerge stored =
                merges.find(mergeId).orElseThrow(() -> CustomerException.unknownMerge(mergeId));
        MergeView merge = stored.view();
        if (merge.undoneAt() != null) {
            throw CustomerException.alreadyUndone(mergeId);
        }
        List<StoredCustomer> locked = customers.lockForUpdate(List.of(merge.survivorId(), merge.mergedId()));
        StoredCustomer survivor = locked.stream()
                .filter(c -> c.id().equals(merge.survivorId()))
                .findFirst()
                .orElseThrow();
        StoredCustomer mergedAway = locked.stream()
                .filter(c -> c.id().equals(merge.mergedId()))
                .findFirst()
                .orElseThrow();
        if (survivor.erasedAt() != null || mergedAway.erasedAt() != null) {
            throw CustomerException.undoRefused("one of the customers was erased");
        }
        if (survivor.mergedInto() != null) {
            throw CustomerException.undoRefused(
                    "the survivor " + survivor.id() + " was merged into another customer since; undo that merge first");
        }
        if (!merge.survivorId().equals(mergedAway.mergedInto())) {
            throw CustomerException.undoRefused("the merged customer is no longer merged into the survivor");
        }
        Instant now = clock.instant();
        if (!merges.markUndone(mergeId, now)) {
            throw CustomerException.alreadyUndone(mergeId);
        }
        customers.moveBack(stored.identifierIds(), merge.survivorId(), merge.mergedId());
        Traits current = Traits.read(json, survivor.traits(), survivor.traitTimes());
        Traits survivorBefore = Traits.read(json, stored.survivorTraits(), stored.survivorTraitTimes());
        Traits restoredSurvivor = current.writtenAfterOver(merge.mergedAt(), survivorBefore);
        customers.updateTraits(
                merge.survivorId(),
                restoredSurvivor.name(),
                restoredSurvivor.valuesJson(json),
                restoredSurvivor.timesJson(json),
                now);
        Traits mergedBefore = Traits.read(json, stored.mergedTraits(), stored.mergedTraitTimes());
        customers.updateTraits(
                merge.mergedId(),
                mergedBefore.name(),
                mergedBefore.valuesJson(json),
                mergedBefore.timesJson(json),
                now);
        customers.markUnmerged(merge.mergedId(), now);
        Set<UUID> restored = new LinkedHashSet<>();
        restored.add(merge.mergedId());
        restored.addAll(customers.mergedInto(merge.mergedId()));
        MergeView after = merges.find(mergeId).orElseThrow().view();
        audit.record(
                "customer.unmerged",
                "customer",
                merge.survivorId().toString(),
                withoutValues(merge),
                withoutValues(after));
        events.publishEvent(new CustomersUnmerged(mergeId, merge.survivorId(), merge.mergedId(), restored, now));
        return after;
    }

    /** Refuses a manual merge that identity rules forbid, with the reason. */
    @Transactional(propagation = Propagation.MANDATORY)
    public MergeView mergeManually(UUID survivorId, UUID mergedId, String reason, String actor) {
        if (survivorId.equals(mergedId)) {
            throw CustomerException.mergeRefused("a customer cannot be merged into itself");
        }
        List<StoredCustomer> locked = customers.lockForUpdate(List.of(survivorId, mergedId));
        if (locked.size() != 2) {
            UUID missing = locked.stream().anyMatch(c -> c.id().equals(survivorId)) ? mergedId : survivorId;
            throw CustomerException.unknownCustomer(missing);
        }
        for (StoredCustomer c : locked) {
            if (!c.live()) {
                throw CustomerException.mergeRefused("customer " + c.id()
                        + (c.erasedAt() != null ? " was erased" : " was already merged into " + c.mergedInto()));
            }
        }
        String refusal = refusal(List.of(survivorId), mergedId, holdings(List.of(survivorId, mergedId)));
        if (refusal != null) {
            throw CustomerException.mergeRefused(refusal);
        }
        return merge(survivorId, mergedId, reason, "manual", actor);
    }

    /**
     * A merge as the audit log keeps it: identifier types without their values. The log is append-only and outlives
     * an erasure, so it must hold no email, phone or id a person could be found by.
     */
    private static MergeView withoutValues(MergeView merge) {
        return new MergeView(
                merge.id(),
                merge.survivorId(),
                merge.mergedId(),
                merge.reason(),
                merge.cause(),
                merge.actor(),
                merge.identifiers().stream()
                        .map(i -> i.substring(0, i.indexOf(':')))
                        .toList(),
                merge.mergedAt(),
                merge.undoneAt());
    }

    private static String key(IdentifierType type, String value) {
        return type.key(value);
    }

    private static ConcurrencyFailureException raced() {
        return new ConcurrencyFailureException("identity changed concurrently; resolve again");
    }
}
