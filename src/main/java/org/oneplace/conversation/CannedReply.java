package org.oneplace.conversation;

import java.time.Instant;
import java.util.UUID;

/** A saved answer agents insert by its shortcut. */
public record CannedReply(UUID id, String shortcut, String title, String content, Instant createdAt) {}
