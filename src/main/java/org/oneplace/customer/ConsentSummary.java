package org.oneplace.customer;

import java.time.Instant;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.ConsentPurpose;
import org.oneplace.shared.ConsentStatus;

/** The current consent of a customer for one channel and purpose, as shown on the customer. */
public record ConsentSummary(
        ChannelType channel, ConsentPurpose purpose, ConsentStatus status, Instant at, String source) {}
