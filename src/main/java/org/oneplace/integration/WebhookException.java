package org.oneplace.integration;

import java.util.UUID;
import org.oneplace.platform.DomainException;

public class WebhookException extends DomainException {

    WebhookException(Reason reason, String title, String detail, String field) {
        super(reason, title, detail, field);
    }

    static WebhookException invalid(String field, String detail) {
        return new WebhookException(Reason.INVALID, "Invalid webhook endpoint", detail, field);
    }

    static WebhookException unknown(UUID id) {
        return new WebhookException(
                Reason.NOT_FOUND,
                "Unknown webhook endpoint",
                "There is no webhook endpoint " + id + "; GET /api/v1/webhook-endpoints lists them.",
                "id");
    }

    static WebhookException sending(UUID id) {
        return new WebhookException(
                Reason.CONFLICT,
                "Delivery being sent",
                "The delivery " + id + " is being sent right now; replay it once its attempt is settled.",
                "deliveryId");
    }

    static WebhookException unknownDelivery(UUID id) {
        return new WebhookException(
                Reason.NOT_FOUND,
                "Unknown delivery",
                "The endpoint has no delivery " + id + "; GET its /deliveries lists them.",
                "deliveryId");
    }
}
