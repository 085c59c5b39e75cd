package org.oneplace.channel;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A provider's word on a message we sent.
 *
 * @param externalId the provider's id of our message, when it gives it
 * @param messageId our own id echoed back ({@code biz_opaque_callback_data}, Messenger {@code metadata}, the Twilio
 *     status callback URL), when the provider gives it — it names the message even when the send's answer was lost
 * @param error the provider's reason for a failure
 */
public record DeliveryReceipt(
        @Nullable String externalId,
        @Nullable UUID messageId,
        DeliveryStatus status,
        Instant at,
        @Nullable String error) {}
