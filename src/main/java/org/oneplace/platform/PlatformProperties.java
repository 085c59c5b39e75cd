package org.oneplace.platform;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the runtime, under {@code oneplace.platform}.
 *
 * @param dataDir where Oneplace keeps its files, the embedded database among them ({@code ONEPLACE_DATA_DIR})
 * @param embeddedDatabase the embedded PostgreSQL used when no {@code spring.datasource.url} is set
 * @param events upkeep of the event publication log
 * @param web limits applied to every request
 * @param rateLimits requests allowed per minute before 429 (SEC-11)
 * @param publicUrl where people reach this installation, e.g. {@code https://oneplace.example.com}
 *     ({@code ONEPLACE_PUBLIC_URL}): the base of links sent by e-mail. Unset, links can only be built from a signed-in
 *     person's request, never from an anonymous one, whose {@code Host} header anybody can forge.
 */
@ConfigurationProperties("oneplace.platform")
public record PlatformProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue EmbeddedDatabase embeddedDatabase,
        @DefaultValue Events events,
        @DefaultValue Web web,
        @DefaultValue RateLimits rateLimits,
        @Nullable String publicUrl) {

    public PlatformProperties {
        if (publicUrl != null && publicUrl.isBlank()) {
            publicUrl = null;
        }
        if (publicUrl != null) {
            publicUrl = publicUrl.strip().replaceAll("/+$", "");
            URI uri = URI.create(publicUrl);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "ONEPLACE_PUBLIC_URL must be an absolute http(s) URL such as https://oneplace.example.com,"
                                + " not '" + publicUrl + "'.");
            }
        }
    }

    /**
     * Requests a minute, per node, before the answer is 429 with {@code Retry-After}.
     *
     * @param enabled off only where a load test must not be throttled
     * @param signInPerMinute sign-in attempts per client address, and per e-mail tried
     * @param passwordResetsPerMinute password reset requests and new passwords set per client address, and reset
     *     requests per e-mail
     * @param chatSessionsPerMinute chat widget sessions started per client address
     * @param apiPerMinute management API requests per token
     * @param trackingPerMinute tracking calls per write key (or per address without one)
     */
    public record RateLimits(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("10") int signInPerMinute,
            @DefaultValue("5") int passwordResetsPerMinute,
            @DefaultValue("30") int chatSessionsPerMinute,
            @DefaultValue("6000") int apiPerMinute,
            @DefaultValue("120000") int trackingPerMinute) {}

    /**
     * @param durable fsync and synchronous commit on, so an acknowledged write survives a crash; only tests turn
     *     it off, for speed
     */
    public record EmbeddedDatabase(@DefaultValue("true") boolean durable) {}

    /**
     * @param upkeepInterval how often failed publications are looked at
     * @param maxAttempts after this many failed deliveries a publication is left for an operator
     * @param initialBackoff wait after the first failure; doubles with every further failure
     * @param maxBackoff the longest wait between two attempts
     * @param completedRetention how long completed publications are kept before they are purged
     */
    public record Events(
            @DefaultValue("10s") Duration upkeepInterval,
            @DefaultValue("8") int maxAttempts,
            @DefaultValue("10s") Duration initialBackoff,
            @DefaultValue("1h") Duration maxBackoff,
            @DefaultValue("7d") Duration completedRetention) {}

    /**
     * @param maxRequestBody the largest request body accepted; larger ones get 413
     * @param maxWebhookBody the largest body accepted from a provider under {@code /webhooks/} (Meta sends up to
     *     3 MB)
     * @param maxImportBody the largest file accepted by {@code POST /api/v1/imports} (streamed to the database, never
     *     held in memory)
     * @param streamHeartbeat how often every open Server-Sent Events stream gets a keep-alive comment
     */
    public record Web(
            @DefaultValue("1MB") DataSize maxRequestBody,
            @DefaultValue("4MB") DataSize maxWebhookBody,
            @DefaultValue("2GB") DataSize maxImportBody,
            @DefaultValue("20s") Duration streamHeartbeat) {}
}
