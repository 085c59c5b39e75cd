package org.oneplace.channel.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of channels, under {@code oneplace.channel}.
 *
 * @param connectTimeout how long to wait for a provider's API to accept a connection
 * @param sendTimeout how long to wait for a provider's answer to a send; past it the message is {@code unknown}
 * @param rawRetention how long processed raw provider requests are kept
 * @param chatSessionRetention how long a web-chat session that never became anybody's (no message of it was
 *     processed) is kept after it was last used
 */
@ConfigurationProperties("oneplace.channel")
public record ChannelProperties(
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("15s") Duration sendTimeout,
        @DefaultValue("30d") Duration rawRetention,
        @DefaultValue("30d") Duration chatSessionRetention) {}
