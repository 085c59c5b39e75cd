package org.oneplace.staff;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A team: who is in it and which channel accounts it answers. */
public record TeamView(UUID id, String name, List<UUID> memberIds, List<UUID> channelIds, Instant createdAt) {}
