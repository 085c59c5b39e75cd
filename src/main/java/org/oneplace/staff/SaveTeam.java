package org.oneplace.staff;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** A team's name, members and the channel accounts it answers (each account belongs to one team at most). */
public record SaveTeam(
        @NotBlank @Size(max = 100) String name,
        @NotNull @Size(max = 500) List<UUID> memberIds,
        @NotNull @Size(max = 100) List<UUID> channelIds) {}
