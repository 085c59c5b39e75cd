package org.oneplace.tracking;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of tracking, under {@code oneplace.tracking}.
 *
 * @param sessionTimeout inactivity that ends a session on a device
 * @param writers how many transactions write events at once; requests of one device always go to the same one
 * @param maxBatchEvents the most events one commit carries
 * @param ackTimeout how long a request waits for its commit before answering 503 (the SDK then retries)
 */
@ConfigurationProperties("oneplace.tracking")
public record TrackingProperties(
        @DefaultValue("30m") Duration sessionTimeout,
        @DefaultValue("2") int writers,
        @DefaultValue("1000") int maxBatchEvents,
        @DefaultValue("30s") Duration ackTimeout) {}
