package org.oneplace.channel;

/** What a webhook answers the provider once its request is committed. */
public record WebhookAnswer(String contentType, String body) {

    public static final WebhookAnswer OK = new WebhookAnswer("text/plain", "EVENT_RECEIVED");
}
