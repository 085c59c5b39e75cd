package org.oneplace.integration.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.integration.CreateWebhookEndpoint;
import org.oneplace.integration.UpdateWebhookEndpoint;
import org.oneplace.integration.WebhookAttemptView;
import org.oneplace.integration.WebhookDeliveryView;
import org.oneplace.integration.WebhookEndpointView;
import org.oneplace.integration.WebhookService;
import org.oneplace.shared.Page;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Outbound webhooks: endpoints, their secrets, the delivery log and replay (all need webhooks:manage). */
@RestController
@RequestMapping("/api/v1/webhook-endpoints")
@Tag(name = "Webhooks")
class WebhookEndpointController {

    private final WebhookService webhooks;

    WebhookEndpointController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @PostMapping
    @Operation(
            summary = "Register an endpoint {url, events, description?, enabled?}; the answer carries the signing"
                    + " secret, shown this once")
    ResponseEntity<WebhookEndpointView> create(@Valid @RequestBody CreateWebhookEndpoint command) {
        WebhookEndpointView created = webhooks.create(command);
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Location", "/api/v1/webhook-endpoints/" + created.id())
                .body(created);
    }

    @GetMapping
    @Operation(summary = "The endpoints, without their secrets")
    Map<String, List<WebhookEndpointView>> list() {
        return Map.of("items", webhooks.list());
    }

    @GetMapping("/event-types")
    @Operation(summary = "The event types an endpoint can receive, with what each one's data carries")
    Map<String, String> eventTypes() {
        return webhooks.eventTypes();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One endpoint, without its secret")
    WebhookEndpointView endpoint(@PathVariable UUID id) {
        return webhooks.endpoint(id);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change the URL, events, description, or enable and disable it")
    WebhookEndpointView update(@PathVariable UUID id, @Valid @RequestBody UpdateWebhookEndpoint command) {
        return webhooks.update(id, command);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove an endpoint and its delivery log")
    void delete(@PathVariable UUID id) {
        webhooks.delete(id);
    }

    @PostMapping("/{id}/rotate-secret")
    @Operation(
            summary = "A new signing secret, shown this once; the old one keeps signing beside it for a day"
                    + " (oneplace.webhooks.rotation-overlap)")
    WebhookEndpointView rotateSecret(@PathVariable UUID id) {
        return webhooks.rotateSecret(id);
    }

    @GetMapping("/{id}/deliveries")
    @Operation(summary = "The delivery log, newest first; ?status=pending|sending|delivered|failed, cursor paging")
    Page<WebhookDeliveryView> deliveries(
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        return webhooks.deliveries(id, status, cursor, limit);
    }

    @GetMapping("/{id}/deliveries/{deliveryId}/attempts")
    @Operation(summary = "Every attempt of a delivery: when, the answer's status and time, its first kilobyte")
    Map<String, List<WebhookAttemptView>> attempts(@PathVariable UUID id, @PathVariable UUID deliveryId) {
        return Map.of("items", webhooks.attempts(id, deliveryId));
    }

    @PostMapping("/{id}/deliveries/{deliveryId}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send a delivery again now, with the same webhook-id")
    Map<String, String> replay(@PathVariable UUID id, @PathVariable UUID deliveryId) {
        webhooks.replay(id, deliveryId);
        return Map.of("replay", "requested");
    }
}
