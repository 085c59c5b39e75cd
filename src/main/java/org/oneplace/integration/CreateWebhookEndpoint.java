package org.oneplace.integration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Registers an endpoint.
 *
 * @param url where deliveries are POSTed: http or https, a public address (or one {@code ONEPLACE_OUTBOUND_ALLOW}
 *     names)
 * @param events the event types it receives ({@code GET /api/v1/webhook-endpoints/event-types} lists them)
 * @param enabled true unless given false
 */
public record CreateWebhookEndpoint(
        @NotBlank @Size(max = 2000) String url,
        @NotEmpty @Size(max = 50) List<@NotBlank String> events,
        @Nullable @Size(max = 500) String description,
        @Nullable Boolean enabled) {}
