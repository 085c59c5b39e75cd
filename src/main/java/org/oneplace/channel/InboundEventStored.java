package org.oneplace.channel;

import java.util.UUID;

/** A provider request was stored and is waiting to be read; carries ids only (the raw body stays in its table). */
public record InboundEventStored(UUID eventId, UUID channelId) {}
