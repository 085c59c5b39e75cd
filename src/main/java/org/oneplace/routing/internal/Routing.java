package org.oneplace.routing.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.oneplace.conversation.ConversationService;
import org.oneplace.conversation.ConversationView;
import org.oneplace.conversation.FeedEvent;
import org.oneplace.routing.BusinessHours;
import org.oneplace.routing.SlaPolicyView;
import org.oneplace.staff.AgentAvailable;
import org.oneplace.staff.Presence;
import org.oneplace.staff.TeamService;
import org.oneplace.staff.TeamView;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Assignment and SLA clocks, driven by the conversations' changes, which {@link RoutingFeed} hands over in order after
 * their commits. Assignment picks the least-loaded online member of the team answering the channel the customer
 * wrote on, below their capacity; nobody available (or no team for the channel) leaves the conversation unassigned
 * until a member of that team comes online. The clocks start when a conversation opens, stop while it waits on the
 * customer, and stop for good when it is resolved.
 */
@Component
public class Routing {

    private final ConversationService conversations;
    private final TeamService teams;
    private final SlaRepository slas;
    private final Clock clock;

    Routing(ConversationService conversations, TeamService teams, SlaRepository slas, Clock clock) {
        this.conversations = conversations;
        this.teams = teams;
        this.slas = slas;
        this.clock = clock;
    }

    /** Applies one change of a conversation, in the order they happened. */
    void apply(FeedEvent change) {
        switch (change.kind()) {
            case "opened" -> opened(change.conversationId(), change.at());
            case "handed_off" -> conversations.find(change.conversationId()).ifPresent(c -> assign(c, Set.of()));
            case "replied" -> replied(change.conversationId(), change.at());
            case "received" -> received(change.conversationId(), change.at());
            case "resolved" -> resolved(change.conversationId(), change.at());
            default -> {
                // assignments, delivery statuses and ringing calls move no clock
            }
        }
    }

    private void opened(UUID conversationId, Instant at) {
        Optional<ConversationView> conversation = conversations.find(conversationId);
        Optional<TeamView> team =
                conversation.map(ConversationView::lastChannelId).flatMap(teams::teamOfChannel);
        startClocks(conversationId, team.map(TeamView::id).orElse(null), at);
        conversation.filter(c -> c.assigneeId() == null).ifPresent(c -> assign(c, Set.of()));
    }

    /** An agent came online: the conversations waiting for someone get a chance, after the presence change commits. */
    @ApplicationModuleListener
    void on(AgentAvailable available) {
        for (ConversationView waiting : conversations.waitingUnassigned(100)) {
            if (!assign(waiting, Set.of())) {
                break;
            }
        }
    }

    private void replied(UUID conversationId, Instant at) {
        slas.clocks(conversationId, true).ifPresent(c -> {
            slas.save(new SlaRepository.Clocks(
                    c.conversationId(),
                    c.policyId(),
                    c.teamId(),
                    c.startedAt(),
                    c.firstResponseDue(),
                    c.firstResponseAt() == null ? at : c.firstResponseAt(),
                    c.firstResponseBreached() || (c.firstResponseAt() == null && at.isAfter(c.firstResponseDue())),
                    null,
                    c.nextResponseBreached(),
                    c.resolutionDue(),
                    c.resolvedAt(),
                    c.resolutionBreached(),
                    c.pausedSince() == null ? at : c.pausedSince(),
                    c.escalations()));
        });
    }

    private void received(UUID conversationId, Instant at) {
        slas.clocks(conversationId, true).ifPresent(c -> {
            SlaPolicyView policy = slas.policy(c.policyId()).orElseThrow();
            BusinessHours hours = hours(policy);
            Instant resolutionDue = c.resolutionDue();
            if (c.pausedSince() != null && resolutionDue != null) {
                resolutionDue = hours.add(resolutionDue, hours.between(c.pausedSince(), at));
            }
            Instant nextDue = c.nextResponseDue();
            if (c.firstResponseAt() != null && nextDue == null && policy.nextResponse() != null) {
                nextDue = hours.add(at, policy.nextResponse());
            }
            slas.save(new SlaRepository.Clocks(
                    c.conversationId(),
                    c.policyId(),
                    c.teamId(),
                    c.startedAt(),
                    c.firstResponseDue(),
                    c.firstResponseAt(),
                    c.firstResponseBreached(),
                    nextDue,
                    nextDue == c.nextResponseDue() && c.nextResponseBreached(),
                    resolutionDue,
                    c.resolvedAt(),
                    c.resolutionBreached(),
                    null,
                    c.escalations()));
        });
    }

    private void resolved(UUID conversationId, Instant at) {
        slas.clocks(conversationId, true).ifPresent(c -> {
            Instant due = c.resolutionDue();
            if (c.pausedSince() != null && due != null) {
                // time spent waiting on the customer does not count
                BusinessHours hours = hours(slas.policy(c.policyId()).orElseThrow());
                due = hours.add(due, hours.between(c.pausedSince(), at));
            }
            slas.save(new SlaRepository.Clocks(
                    c.conversationId(),
                    c.policyId(),
                    c.teamId(),
                    c.startedAt(),
                    c.firstResponseDue(),
                    c.firstResponseAt(),
                    c.firstResponseBreached(),
                    null,
                    c.nextResponseBreached(),
                    due,
                    at,
                    c.resolutionBreached() || (due != null && at.isAfter(due)),
                    null,
                    c.escalations()));
        });
    }

    private void startClocks(UUID conversationId, @Nullable UUID teamId, Instant at) {
        slas.policyFor(teamId).ifPresent(policy -> {
            BusinessHours hours = hours(policy);
            slas.start(
                    conversationId,
                    policy.id(),
                    teamId,
                    at,
                    hours.add(at, policy.firstResponse()),
                    policy.resolution() == null ? null : hours.add(at, policy.resolution()));
        });
    }

    static BusinessHours hours(SlaPolicyView policy) {
        return BusinessHours.parse(policy.timezone(), policy.businessHours(), new HashSet<>(policy.holidays()));
    }

    /**
     * Assigns a conversation to the least-loaded available agent with room, other than {@code except}; false when
     * nobody has room.
     */
    public boolean assign(ConversationView conversation, Set<UUID> except) {
        return pick(conversation, except)
                .map(agent -> {
                    conversations.assignAutomatically(conversation.id(), agent);
                    return true;
                })
                .orElse(false);
    }

    /**
     * The least-loaded available member with room of the team answering the conversation's channel; none when no
     * team answers it (such conversations wait in the Unassigned view).
     */
    public Optional<UUID> pick(ConversationView conversation, Set<UUID> except) {
        Optional<TeamView> team = conversation.lastChannelId() == null
                ? Optional.empty()
                : teams.teamOfChannel(conversation.lastChannelId());
        if (team.isEmpty()) {
            return Optional.empty();
        }
        List<Presence> candidates = teams.availableMembers(team.get().id()).stream()
                .filter(p -> !except.contains(p.userId()))
                .toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Map<UUID, Presence> byAgent = candidates.stream().collect(Collectors.toMap(Presence::userId, p -> p));
        Map<UUID, Integer> load = conversations.openCounts(List.copyOf(byAgent.keySet()));
        return load.entrySet().stream()
                .filter(e -> e.getValue() < byAgent.get(e.getKey()).capacity())
                .min(Comparator.<Map.Entry<UUID, Integer>>comparingInt(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey);
    }
}
