package org.oneplace.integration;

import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.integration.internal.DeliveryRepository;
import org.oneplace.integration.internal.EndpointRepository;
import org.oneplace.integration.internal.WebhookSecrets;
import org.oneplace.platform.AuditLog;
import org.oneplace.platform.OutboundGuard;
import org.oneplace.shared.Cursor;
import org.oneplace.shared.Page;
import org.oneplace.shared.Uuid7;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;

/**
 * Webhook endpoints as an integrator (an admin) manages them: register, change, rotate the secret, remove; read the
 * delivery log and replay a delivery. The secret is answered once, when made; the audit log records every change
 * without it.
 */
@Service
@Validated
@PreAuthorize("hasAuthority('webhooks:manage')")
public class WebhookService {

    private final EndpointRepository endpoints;
    private final DeliveryRepository deliveries;
    private final WebhookSecrets secrets;
    private final OutboundGuard guard;
    private final AuditLog audit;
    private final Clock clock;

    WebhookService(
            EndpointRepository endpoints,
            DeliveryRepository deliveries,
            WebhookSecrets secrets,
            OutboundGuard guard,
            AuditLog audit,
            Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.guard = guard;
        this.audit = audit;
        this.clock = clock;
    }

    /** The event types an endpoint can receive, with what each carries. */
    public Map<String, String> eventTypes() {
        return WebhookEventTypes.ALL;
    }

    @Transactional
    public WebhookEndpointView create(@Valid CreateWebhookEndpoint command) {
        String url = url(command.url());
        Instant now = clock.instant();
        WebhookEndpointView endpoint = new WebhookEndpointView(
                Uuid7.next(),
                url,
                events(command.events()),
                description(command.description()),
                command.enabled() == null || command.enabled(),
                null,
                null,
                now,
                now,
                null);
        String secret = secrets.fresh();
        endpoints.insert(endpoint, secrets.initial(secret));
        audit.record(
                "webhook_endpoint.created", "webhook_endpoint", endpoint.id().toString(), null, endpoint);
        return endpoint.withSecret(secret);
    }

    @Transactional(readOnly = true)
    public List<WebhookEndpointView> list() {
        return endpoints.list();
    }

    @Transactional(readOnly = true)
    public WebhookEndpointView endpoint(UUID id) {
        return endpoints.find(id).orElseThrow(() -> WebhookException.unknown(id));
    }

    @Transactional
    public WebhookEndpointView update(UUID id, @Valid UpdateWebhookEndpoint command) {
        WebhookEndpointView before = endpoint(id);
        endpoints.update(
                id,
                command.url() == null ? before.url() : url(command.url()),
                command.events() == null ? before.events() : events(command.events()),
                command.description() == null ? before.description() : description(command.description()),
                command.enabled() == null ? before.enabled() : command.enabled(),
                clock.instant());
        WebhookEndpointView after = endpoint(id);
        audit.record("webhook_endpoint.updated", "webhook_endpoint", id.toString(), before, after);
        return after;
    }

    @Transactional
    public void delete(UUID id) {
        WebhookEndpointView before = endpoint(id);
        endpoints.delete(id);
        audit.record("webhook_endpoint.deleted", "webhook_endpoint", id.toString(), before, null);
    }

    /** A new secret, answered once; the old one keeps signing beside it for the overlap, then stops. */
    @Transactional
    public WebhookEndpointView rotateSecret(UUID id) {
        endpoint(id);
        String secret = secrets.rotate(id).orElseThrow(() -> WebhookException.unknown(id));
        audit.record("webhook_endpoint.secret_rotated", "webhook_endpoint", id.toString(), null, null);
        return endpoint(id).withSecret(secret);
    }

    /** The delivery log, newest first: a page, optionally of one status. */
    @Transactional(readOnly = true)
    public Page<WebhookDeliveryView> deliveries(UUID id, @Nullable String status, @Nullable String cursor, int limit) {
        endpoint(id);
        if (status != null
                && !Set.of("pending", "sending", "delivered", "failed").contains(status)) {
            throw WebhookException.invalid(
                    "status", "'status' is pending, sending, delivered or failed, not '" + status + "'.");
        }
        Cursor after = Cursor.parse(cursor, 1);
        int size = Math.clamp(limit, 1, 200);
        List<DeliveryRepository.Row> rows =
                deliveries.deliveries(id, status, after == null ? null : after.number(0), size + 1);
        String next = rows.size() > size ? Cursor.of(rows.get(size - 1).seq()) : null;
        List<WebhookDeliveryView> page = new ArrayList<>();
        for (int i = 0; i < Math.min(size, rows.size()); i++) {
            page.add(rows.get(i).delivery());
        }
        return new Page<>(page, next);
    }

    @Transactional(readOnly = true)
    public List<WebhookAttemptView> attempts(UUID id, UUID deliveryId) {
        endpoint(id);
        if (!deliveries.exists(id, deliveryId)) {
            throw WebhookException.unknownDelivery(deliveryId);
        }
        return deliveries.attempts(id, deliveryId);
    }

    /** Sends a delivery again now (same webhook-id), the retry schedule from its start. */
    @Transactional
    public void replay(UUID id, UUID deliveryId) {
        endpoint(id);
        if (!deliveries.exists(id, deliveryId)) {
            throw WebhookException.unknownDelivery(deliveryId);
        }
        if (!deliveries.replay(id, deliveryId, clock.instant())) {
            throw WebhookException.sending(deliveryId);
        }
        audit.record(
                "webhook_delivery.replayed", "webhook_endpoint", id.toString(), null, Map.of("delivery", deliveryId));
    }

    private String url(String url) {
        try {
            guard.checkUrl("url", url);
        } catch (OutboundGuard.RefusedException e) {
            throw WebhookException.invalid("url", e.getMessage());
        }
        return url.strip();
    }

    private static List<String> events(List<String> events) {
        if (events.isEmpty()) {
            throw WebhookException.invalid("events", "Choose at least one event type for the endpoint.");
        }
        Set<String> known = new LinkedHashSet<>();
        for (String type : events) {
            String t = type == null ? "" : type.strip();
            if (!WebhookEventTypes.ALL.containsKey(t)) {
                throw WebhookException.invalid(
                        "events",
                        "'" + type + "' is not an event type; use some of " + WebhookEventTypes.ALL.keySet() + ".");
            }
            known.add(t);
        }
        return List.copyOf(known);
    }

    private static @Nullable String description(@Nullable String description) {
        return description == null || description.isBlank() ? null : description.strip();
    }
}
