package org.oneplace.fulfilment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Fulfilment settings ({@code oneplace.fulfilment.*}).
 *
 * @param pickupWindow how long a ready pickup waits before it is cancelled and its stock released
 * @param noShowInterval how often the no-show job looks for pickups past their deadline
 * @param noticeFrom the sender address of pickup notices by email
 */
@ConfigurationProperties("oneplace.fulfilment")
public record FulfilmentProperties(
        @DefaultValue("7d") Duration pickupWindow,
        @DefaultValue("1m") Duration noShowInterval,
        @DefaultValue("no-reply@oneplace.local") String noticeFrom) {}
