package org.oneplace.channel;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.oneplace.shared.ChannelType;

/**
 * A channel account as the API shows it: secrets are never shown, only which ones are set.
 *
 * @param webhookUrl the path the provider is to call on this server, with this account's id
 */
public record ChannelView(
        UUID id,
        ChannelType type,
        String name,
        Map<String, String> settings,
        List<String> secretsSet,
        String webhookUrl,
        Instant createdAt) {}
