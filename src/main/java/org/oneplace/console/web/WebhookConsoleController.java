package org.oneplace.console.web;

import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.oneplace.integration.CreateWebhookEndpoint;
import org.oneplace.integration.UpdateWebhookEndpoint;
import org.oneplace.integration.WebhookEndpointView;
import org.oneplace.integration.WebhookEventTypes;
import org.oneplace.integration.WebhookService;
import org.oneplace.platform.DomainException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Settings → Webhooks: register endpoints (the secret shown once), enable, disable, rotate, remove; an endpoint's
 * delivery log with replay. An endpoint Oneplace disabled is flagged at the top of the page with the reason.
 */
@Controller
@RequestMapping("/settings/webhooks")
class WebhookConsoleController {

    private final WebhookService webhooks;

    WebhookConsoleController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @GetMapping
    String endpoints(Model model) {
        List<WebhookEndpointView> endpoints = webhooks.list();
        model.addAttribute("endpoints", endpoints);
        model.addAttribute(
                "disabled",
                endpoints.stream().filter(e -> e.disabledReason() != null).toList());
        model.addAttribute("types", WebhookEventTypes.ALL);
        return "settings/webhooks";
    }

    @PostMapping
    String create(
            @RequestParam String url,
            @RequestParam(required = false) @Nullable List<String> events,
            @RequestParam(defaultValue = "") String description,
            RedirectAttributes redirect) {
        try {
            WebhookEndpointView created = webhooks.create(
                    new CreateWebhookEndpoint(url, events == null ? List.of() : events, description, true));
            redirect.addFlashAttribute("notice", "Registered " + created.url() + ".");
            redirect.addFlashAttribute("secret", created.secret());
            redirect.addFlashAttribute("secretLabel", "Signing secret for " + created.url());
        } catch (DomainException | IllegalArgumentException | ConstraintViolationException e) {
            redirect.addFlashAttribute("error", message(e));
        }
        return "redirect:/settings/webhooks";
    }

    @PostMapping("/{id}/enabled")
    String enable(@PathVariable UUID id, @RequestParam boolean enabled, RedirectAttributes redirect) {
        try {
            WebhookEndpointView endpoint = webhooks.update(id, new UpdateWebhookEndpoint(null, null, null, enabled));
            redirect.addFlashAttribute("notice", (enabled ? "Enabled " : "Disabled ") + endpoint.url() + ".");
        } catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/settings/webhooks";
    }

    @PostMapping("/{id}/rotate")
    String rotate(@PathVariable UUID id, RedirectAttributes redirect) {
        try {
            WebhookEndpointView endpoint = webhooks.rotateSecret(id);
            redirect.addFlashAttribute(
                    "notice", "New secret for " + endpoint.url() + "; the old one keeps signing for a day.");
            redirect.addFlashAttribute("secret", endpoint.secret());
            redirect.addFlashAttribute("secretLabel", "Signing secret for " + endpoint.url());
        } catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/settings/webhooks";
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable UUID id, RedirectAttributes redirect) {
        try {
            String url = webhooks.endpoint(id).url();
            webhooks.delete(id);
            redirect.addFlashAttribute("notice", "Removed " + url + " and its delivery log.");
        } catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/settings/webhooks";
    }

    @GetMapping("/{id}")
    String deliveries(@PathVariable UUID id, @RequestParam(required = false) @Nullable String status, Model model) {
        model.addAttribute("endpoint", webhooks.endpoint(id));
        model.addAttribute("status", status);
        model.addAttribute(
                "deliveries",
                webhooks.deliveries(id, blankToNull(status), null, 100).items());
        return "settings/webhook-deliveries";
    }

    @PostMapping("/{id}/deliveries/{deliveryId}/replay")
    String replay(@PathVariable UUID id, @PathVariable UUID deliveryId, RedirectAttributes redirect) {
        try {
            webhooks.replay(id, deliveryId);
            redirect.addFlashAttribute("notice", "Sending it again now, with the same webhook-id.");
        } catch (DomainException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/settings/webhooks/" + id;
    }

    private static String message(Exception e) {
        if (e instanceof ConstraintViolationException violations) {
            return violations.getConstraintViolations().stream()
                    .map(v -> v.getPropertyPath() + ": " + v.getMessage())
                    .sorted()
                    .reduce((a, b) -> a + "; " + b)
                    .orElse("The endpoint is not valid.");
        }
        return String.valueOf(e.getMessage());
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
