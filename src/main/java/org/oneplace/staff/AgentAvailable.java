package org.oneplace.staff;

import java.time.Instant;
import java.util.UUID;

/** Someone came online and takes conversations now. */
public record AgentAvailable(UUID userId, Instant occurredAt) {}
