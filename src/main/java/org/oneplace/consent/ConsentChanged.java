package org.oneplace.consent;

import java.time.Instant;
import java.util.UUID;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.ConsentPurpose;
import org.oneplace.shared.ConsentStatus;

/** A customer's consent for a channel and purpose changed. */
public record ConsentChanged(
        UUID customerId, ChannelType channel, ConsentPurpose purpose, ConsentStatus status, Instant occurredAt) {}
