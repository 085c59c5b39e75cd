package org.oneplace.staff;

import jakarta.validation.Valid;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.oneplace.platform.AuditLog;
import org.oneplace.shared.Uuid7;
import org.oneplace.staff.internal.TeamRepository;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/** Teams and presence: who answers which channels, and who is taking conversations right now. */
@Service
@Validated
public class TeamService {

    /** Conversations one person takes at once unless they say otherwise. */
    public static final int DEFAULT_CAPACITY = 5;

    private final TeamRepository teams;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TeamService(TeamRepository teams, AuditLog audit, ApplicationEventPublisher events, Clock clock) {
        this.teams = teams;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    @PreAuthorize("hasAuthority('users:manage')")
    @Transactional
    public TeamView create(@Valid SaveTeam command) {
        UUID id = Uuid7.next();
        if (!teams.insert(id, command.name().strip(), clock.instant())) {
            throw StaffException.conflict(
                    "There is already a team named '" + command.name().strip() + "'.");
        }
        members(id, command);
        TeamView team = teams.find(id).orElseThrow();
        audit.record("team.created", "team", id.toString(), null, team);
        return team;
    }

    @PreAuthorize("hasAuthority('users:manage')")
    @Transactional
    public TeamView update(UUID id, @Valid SaveTeam command) {
        TeamView before = teams.find(id).orElseThrow(() -> StaffException.notFound("team", id));
        if (!teams.rename(id, command.name().strip())) {
            throw StaffException.conflict(
                    "There is already a team named '" + command.name().strip() + "'.");
        }
        members(id, command);
        TeamView after = teams.find(id).orElseThrow();
        audit.record("team.updated", "team", id.toString(), before, after);
        return after;
    }

    private void members(UUID id, SaveTeam command) {
        List<UUID> unknown = teams.unknownUsers(command.memberIds());
        if (!unknown.isEmpty()) {
            throw StaffException.invalid("These member ids are not users: " + unknown + ".");
        }
        List<UUID> taken = teams.channelsOfOtherTeams(id, command.channelIds());
        if (!taken.isEmpty()) {
            throw StaffException.conflict(
                    "These channel accounts are answered by another team already: " + taken + ".");
        }
        teams.replaceMembers(id, command.memberIds());
        teams.replaceChannels(id, command.channelIds());
    }

    @PreAuthorize("hasAnyAuthority('users:read', 'conversations:read')")
    @Transactional(readOnly = true)
    public List<TeamView> teams() {
        return teams.all();
    }

    @PreAuthorize("hasAnyAuthority('users:read', 'conversations:read')")
    @Transactional(readOnly = true)
    public TeamView team(UUID id) {
        return teams.find(id).orElseThrow(() -> StaffException.notFound("team", id));
    }

    /** Sets the signed-in person's own presence. */
    @PreAuthorize("isAuthenticated()")
    @Transactional
    public Presence setPresence(@Valid Presence.Change change) {
        StaffPrincipal principal = StaffPrincipal.current();
        if (principal == null) {
            throw StaffException.invalid("Only a signed-in person or their token has a presence.");
        }
        Presence current = presence(principal.userId());
        Presence next = new Presence(
                principal.userId(),
                change.status(),
                change.capacity() == null ? current.capacity() : change.capacity(),
                clock.instant());
        teams.savePresence(next);
        if (!current.available() && next.available()) {
            events.publishEvent(new AgentAvailable(principal.userId(), next.updatedAt()));
        }
        return next;
    }

    /** Someone's presence; never set means offline with the default capacity (module API). */
    @Transactional(readOnly = true)
    public Presence presence(UUID userId) {
        return teams.presence(userId).orElse(new Presence(userId, "offline", DEFAULT_CAPACITY, clock.instant()));
    }

    /** The team that answers a channel account, if any (module API). */
    @Transactional(readOnly = true)
    public Optional<TeamView> teamOfChannel(UUID channelId) {
        return teams.teamOfChannel(channelId);
    }

    /** Every channel account some team answers (module API, for who may see which conversations). */
    @Transactional(readOnly = true)
    public java.util.Set<UUID> answeredChannels() {
        return teams.answeredChannels();
    }

    /** The teams someone is in (module API). */
    @Transactional(readOnly = true)
    public List<TeamView> teamsOf(UUID userId) {
        return teams.teamsOf(userId);
    }

    /** The members of a team who are online now, with their capacity (module API). */
    @Transactional(readOnly = true)
    public List<Presence> availableMembers(UUID teamId) {
        return teams.availableMembers(teamId);
    }

    /** The people to tell about a team's problems: its members who are supervisors or admins (module API). */
    @Transactional(readOnly = true)
    public List<UserView> supervisorsOf(UUID teamId) {
        return teams.supervisors(teamId);
    }
}
