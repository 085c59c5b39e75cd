package org.oneplace.routing;

import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.platform.AuditLog;
import org.oneplace.routing.internal.SlaRepository;
import org.oneplace.shared.Uuid7;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/** SLA policies and each conversation's SLA status. */
@Service
@Validated
public class RoutingService {

    private final SlaRepository slas;
    private final AuditLog audit;
    private final Clock clock;

    RoutingService(SlaRepository slas, AuditLog audit, Clock clock) {
        this.slas = slas;
        this.audit = audit;
        this.clock = clock;
    }

    @PreAuthorize("hasAuthority('routing:manage')")
    @Transactional
    public SlaPolicyView createPolicy(@Valid CreateSlaPolicy command) {
        positive("firstResponse", command.firstResponse());
        positive("nextResponse", command.nextResponse());
        positive("resolution", command.resolution());
        String zone = command.timezone() == null ? "UTC" : command.timezone();
        Map<String, String> days = command.businessHours() == null ? Map.of() : command.businessHours();
        List<java.time.LocalDate> holidays = command.holidays() == null ? List.of() : command.holidays();
        BusinessHours hours;
        try {
            hours = BusinessHours.parse(zone, days, Set.copyOf(holidays));
        } catch (IllegalArgumentException e) {
            throw RoutingException.invalid(e.getMessage());
        }
        SlaPolicyView policy = new SlaPolicyView(
                Uuid7.next(),
                command.name().strip(),
                command.teamId(),
                command.firstResponse(),
                command.nextResponse(),
                command.resolution(),
                hours.zone().getId(),
                hours.days(),
                holidays.stream().sorted().toList(),
                clock.instant());
        if (!slas.insertPolicy(policy)) {
            throw RoutingException.conflict("A policy with that name exists, or the team (or the default, without a"
                    + " team) has a policy already.");
        }
        audit.record("sla-policy.created", "sla-policy", policy.id().toString(), null, policy);
        return policy;
    }

    private static void positive(String name, @Nullable Duration duration) {
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw RoutingException.invalid("'" + name + "' must be a positive duration such as PT1H.");
        }
        if (duration != null && duration.compareTo(Duration.ofDays(366)) > 0) {
            // clocks add targets to instants: an absurd one would overflow rather than mean anything
            throw RoutingException.invalid("'" + name + "' must be at most 366 days (P366D).");
        }
    }

    @PreAuthorize("hasAnyAuthority('routing:manage', 'conversations:read')")
    @Transactional(readOnly = true)
    public List<SlaPolicyView> policies() {
        return slas.policies();
    }

    /** Conversations with a pending SLA target, soonest first (module API, for the inbox). */
    @Transactional(readOnly = true)
    public List<UUID> soonestDue(int limit) {
        return slas.soonestDue(limit);
    }

    /** The soonest pending SLA target of each conversation that has one (module API, for the inbox's order). */
    @Transactional(readOnly = true)
    public Map<UUID, Instant> nextDue(java.util.Collection<UUID> conversationIds) {
        return slas.nextDue(conversationIds);
    }

    /**
     * How each conversation's first response and resolution stand against its SLA ({@code met}, {@code breached} or
     * {@code pending}; resolution null when the policy sets no resolution target). Conversations without an SLA are
     * absent (module API: analytics' attainment per channel).
     */
    @Transactional(readOnly = true)
    public Map<UUID, SlaOutcome> outcomes(Collection<UUID> conversationIds) {
        Instant now = clock.instant();
        Map<UUID, SlaOutcome> outcomes = new HashMap<>();
        for (SlaRepository.Clocks c : slas.clocks(conversationIds)) {
            outcomes.put(
                    c.conversationId(),
                    new SlaOutcome(
                            target(c.firstResponseDue(), c.firstResponseAt(), c.firstResponseBreached(), now)
                                    .status(),
                            c.resolutionDue() == null
                                    ? null
                                    : target(c.resolutionDue(), c.resolvedAt(), c.resolutionBreached(), now)
                                            .status()));
        }
        return outcomes;
    }

    @PreAuthorize("hasAuthority('conversations:read')")
    @Transactional(readOnly = true)
    public SlaView sla(UUID conversationId) {
        SlaRepository.Clocks c =
                slas.clocks(conversationId, false).orElseThrow(() -> RoutingException.noSla(conversationId));
        SlaPolicyView policy = slas.policy(c.policyId()).orElseThrow();
        Instant now = clock.instant();
        return new SlaView(
                conversationId,
                policy.name(),
                target(c.firstResponseDue(), c.firstResponseAt(), c.firstResponseBreached(), now),
                policy.nextResponse() == null ? null : target(c.nextResponseDue(), null, c.nextResponseBreached(), now),
                c.resolutionDue() == null
                        ? null
                        : target(c.resolutionDue(), c.resolvedAt(), c.resolutionBreached(), now),
                c.pausedSince() != null,
                c.escalations());
    }

    /**
     * Whether the customer is waiting for an answer that is overdue now (module API: marketing holds back while
     * they are): a first response or next response past due and not given, or the resolution past due while the
     * clocks run. A target missed earlier and answered since does not count.
     */
    @Transactional(readOnly = true)
    public boolean overdue(UUID conversationId) {
        Instant now = clock.instant();
        return slas.clocks(conversationId, false)
                .filter(c -> c.resolvedAt() == null && c.pausedSince() == null)
                .map(c -> (c.firstResponseAt() == null && c.firstResponseDue().isBefore(now))
                        || (c.nextResponseDue() != null && c.nextResponseDue().isBefore(now))
                        || (c.resolutionDue() != null && c.resolutionDue().isBefore(now)))
                .orElse(false);
    }

    private static SlaView.Target target(@Nullable Instant due, @Nullable Instant at, boolean breached, Instant now) {
        String status;
        if (breached || (at != null && due != null && at.isAfter(due))) {
            status = "breached";
        } else if (at != null) {
            status = "met";
        } else {
            status = due != null && due.isBefore(now) ? "breached" : "pending";
        }
        return new SlaView.Target(due, at, status);
    }
}
