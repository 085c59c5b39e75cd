package org.oneplace.staff.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.oneplace.staff.Presence;
import org.oneplace.staff.SaveTeam;
import org.oneplace.staff.TeamService;
import org.oneplace.staff.TeamView;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Teams and presence")
class TeamController {

    private final TeamService teams;

    TeamController(TeamService teams) {
        this.teams = teams;
    }

    @PostMapping("/teams")
    @Operation(summary = "Create a team {name, memberIds, channelIds} (needs users:manage)")
    ResponseEntity<TeamView> create(@Valid @RequestBody SaveTeam command) {
        return ResponseEntity.status(HttpStatus.CREATED).body(teams.create(command));
    }

    @PutMapping("/teams/{id}")
    @Operation(summary = "Replace a team's name, members and channels (needs users:manage)")
    TeamView update(@PathVariable UUID id, @Valid @RequestBody SaveTeam command) {
        return teams.update(id, command);
    }

    @GetMapping("/teams")
    @Operation(summary = "Teams (needs users:read or conversations:read)")
    Map<String, List<TeamView>> list() {
        return Map.of("items", teams.teams());
    }

    @GetMapping("/teams/{id}")
    @Operation(summary = "One team (needs users:read or conversations:read)")
    TeamView team(@PathVariable UUID id) {
        return teams.team(id);
    }

    @PutMapping("/presence")
    @Operation(
            summary = "Set your own presence {status: online|away|offline, capacity?}: online people are assigned"
                    + " new conversations, up to their capacity")
    Presence presence(@Valid @RequestBody Presence.Change change) {
        return teams.setPresence(change);
    }
}
