package org.oneplace.consent;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.oneplace.shared.ChannelType;
import org.oneplace.shared.ConsentPurpose;
import org.oneplace.shared.ConsentStatus;

/**
 * Records a consent choice.
 *
 * @param source where the choice was made, e.g. {@code checkout-form}, {@code store:S1}, {@code sms:STOP}
 * @param evidence what proves it: the wording shown, a message id, the form's version
 * @param at when the customer made the choice; now when absent
 */
public record SetConsent(
        @NotNull ChannelType channel,
        @NotNull ConsentPurpose purpose,
        @NotNull ConsentStatus status,
        @Size(max = 200) @Nullable String source,
        @Size(max = 2000) @Nullable String evidence,
        @Nullable Instant at) {}
