package org.oneplace.integration;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbound webhooks ({@code oneplace.webhooks.*}).
 *
 * @param retrySchedule the waits before each retry after the first attempt (the Standard Webhooks schedule); a
 *     delivery still failing after the last is failed, for a person to replay
 * @param disableAfter an endpoint whose every delivery failed for this long is disabled
 * @param runInterval how often due deliveries are looked for
 * @param connectTimeout how long a receiver may take to accept the connection
 * @param timeout how long a receiver may take to answer
 * @param rotationOverlap after a secret is rotated, the old one keeps signing beside the new for this long
 * @param retention delivered and failed deliveries (and their attempts and messages) are kept this long
 */
@ConfigurationProperties("oneplace.webhooks")
public record WebhookProperties(
        @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "10h"})
        List<Duration> retrySchedule,

        @DefaultValue("5d") Duration disableAfter,
        @DefaultValue("1s") Duration runInterval,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("15s") Duration timeout,
        @DefaultValue("24h") Duration rotationOverlap,
        @DefaultValue("30d") Duration retention) {}
