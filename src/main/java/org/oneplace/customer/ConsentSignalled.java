package org.oneplace.customer;

import java.time.Instant;
import java.util.UUID;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.ConsentPurpose;
import org.oneplace.shared.ConsentStatus;

/**
 * Identify traits carried a consent choice (trait {@code consents}: {@code {"email": {"marketing": true}}}). The
 * consent module records it in its ledger.
 *
 * @param source where the traits came from, e.g. {@code tracking:web}
 * @param evidence what the signal was, for the ledger
 */
public record ConsentSignalled(
        UUID customerId,
        ChannelType channel,
        ConsentPurpose purpose,
        ConsentStatus status,
        String source,
        String evidence,
        Instant occurredAt) {}
