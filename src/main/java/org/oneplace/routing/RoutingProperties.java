package org.oneplace.routing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of routing, under {@code oneplace.routing}.
 *
 * @param slaScanInterval how often SLA breaches are looked for
 * @param notifyFrom the sender of breach e-mails to supervisors
 */
@ConfigurationProperties("oneplace.routing")
public record RoutingProperties(
        @DefaultValue("30s") Duration slaScanInterval,
        @DefaultValue("no-reply@oneplace.local") String notifyFrom) {}
