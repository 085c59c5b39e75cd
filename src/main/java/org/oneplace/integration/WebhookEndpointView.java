package org.oneplace.integration;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A webhook endpoint as the API shows it.
 *
 * @param secret the signing secret ({@code whsec_…}): only in the answer that created or rotated it, never again
 * @param failingSince since when every delivery to it failed; null while it answers
 * @param disabledReason why Oneplace disabled it (failing for days); null when a person did, or it is enabled
 */
public record WebhookEndpointView(
        UUID id,
        String url,
        List<String> events,
        @Nullable String description,
        boolean enabled,
        @Nullable Instant failingSince,
        @Nullable String disabledReason,
        Instant createdAt,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String secret) {

    public WebhookEndpointView withSecret(String secret) {
        return new WebhookEndpointView(
                id, url, events, description, enabled, failingSince, disabledReason, createdAt, updatedAt, secret);
    }
}
