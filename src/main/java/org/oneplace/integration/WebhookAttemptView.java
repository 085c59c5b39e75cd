package org.oneplace.integration;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of a delivery.
 *
 * @param status the receiver's HTTP status; null when no answer came ({@code error} says why)
 * @param response the first kilobyte of the answer
 */
public record WebhookAttemptView(
        int attempt,
        Instant at,
        @Nullable Integer status,
        int millis,
        @Nullable String response,
        @Nullable String error) {}
