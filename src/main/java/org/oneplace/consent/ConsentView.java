package org.oneplace.consent;

import java.time.Instant;
import java.util.UUID;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.ConsentPurpose;
import org.oneplace.shared.ConsentStatus;

/** One entry of the consent ledger. */
public record ConsentView(
        UUID id,
        UUID customerId,
        ChannelType channel,
        ConsentPurpose purpose,
        ConsentStatus status,
        Instant at,
        String source,
        String evidence,
        String recordedBy) {}
