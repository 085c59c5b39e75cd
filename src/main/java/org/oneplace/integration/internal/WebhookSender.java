package org.oneplace.integration.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.oneplace.integration.WebhookProperties;
import org.oneplace.integration.internal.DeliveryRepository.Claimed;
import org.oneplace.integration.internal.DeliveryRepository.Outcome;
import org.oneplace.platform.OutboundGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * One pass of the webhook deliveries: claim the due ones whose turn it is, POST each (in parallel, on virtual threads,
 * outside any transaction: a slow receiver holds up only its own deliveries), settle each. A 2xx answer delivers; any
 * other answer, a timeout or a refused connection is retried on the Standard Webhooks schedule, then failed. The
 * destination goes through the address guard before every connection; redirects are not followed; only the first
 * kilobyte of an answer is read.
 */
@Component
public class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final int BATCH = 50;
    private static final int KEEP = 1024;

    private final DeliveryRepository deliveries;
    private final EndpointRepository endpoints;
    private final OutboundGuard guard;
    private final WebhookProperties properties;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Clock clock;
    private final HttpClient http;

    WebhookSender(
            DeliveryRepository deliveries,
            EndpointRepository endpoints,
            OutboundGuard guard,
            WebhookProperties properties,
            TransactionTemplate tx,
            JsonMapper json,
            Clock clock) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.guard = guard;
        this.properties = properties;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Sends what is due; answers the attempts made. */
    public int run() {
        Instant now = clock.instant();
        // a node that died mid-send left its claims: after the timeout and a margin they are sent again
        tx.executeWithoutResult(s -> deliveries.abandoned(
                now.minus(properties.timeout())
                        .minus(properties.connectTimeout())
                        .minusSeconds(60),
                now));
        int attempts = 0;
        List<Claimed> claimed;
        do {
            claimed = tx.execute(s -> deliveries.claimDue(clock.instant(), BATCH));
            if (claimed == null || claimed.isEmpty()) {
                return attempts;
            }
            attempts += claimed.size();
            if (!sendAll(claimed)) {
                return attempts; // the node is stopping: what was not settled is sent again later
            }
        } while (claimed.size() == BATCH);
        return attempts;
    }

    /**
     * Sends a batch in parallel, one deadline for every exchange (connect, answer, the first kilobyte of the body: a
     * receiver trickling its answer is cut off), and settles each here, one after another. Answers false when this
     * thread was interrupted (the node is stopping): the sends not settled stay claimed and are sent again later.
     */
    private boolean sendAll(List<Claimed> claimed) {
        long deadline = System.nanoTime()
                + properties.connectTimeout().plus(properties.timeout()).toNanos()
                + Duration.ofSeconds(1).toNanos();
        try (ExecutorService sending = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Exchange>> exchanges = new ArrayList<>();
            for (Claimed delivery : claimed) {
                exchanges.add(sending.submit(() -> exchange(delivery)));
            }
            for (int i = 0; i < claimed.size(); i++) {
                Future<Exchange> exchange = exchanges.get(i);
                Exchange result;
                try {
                    result = exchange.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    exchange.cancel(true);
                    result = new Exchange(
                            false, new Outcome(null, timeoutMillis(), null, "no answer within the timeout"));
                } catch (ExecutionException e) {
                    log.warn("A webhook delivery failed unexpectedly", e.getCause());
                    result = new Exchange(false, new Outcome(null, 0, null, "could not send (an error on our side)"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchanges.forEach(f -> f.cancel(true));
                    return false;
                }
                settle(claimed.get(i), result.outcome(), result.ok());
            }
        }
        return true;
    }

    private int timeoutMillis() {
        return (int) properties.connectTimeout().plus(properties.timeout()).toMillis();
    }

    /** What one exchange came to. */
    private record Exchange(boolean ok, Outcome outcome) {}

    /** Forgets what was settled longer ago than the retention; answers the deliveries forgotten. */
    public int purge() {
        Integer purged = tx.execute(s -> deliveries.purge(clock.instant().minus(properties.retention())));
        return purged == null ? 0 : purged;
    }

    private Exchange exchange(Claimed delivery) {
        Instant started = clock.instant();
        long nanos = System.nanoTime();
        Outcome outcome;
        boolean ok = false;
        try {
            guard.checkUrl("url", delivery.url());
            long timestamp = started.getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(delivery.url().strip()))
                    .timeout(properties.timeout())
                    .header("content-type", "application/json")
                    .header("user-agent", "Oneplace-Webhooks/1")
                    .header("webhook-id", delivery.messageId())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header(
                            "webhook-signature",
                            Signatures.header(
                                    Signatures.read(json, delivery.secrets()),
                                    delivery.messageId(),
                                    timestamp,
                                    delivery.payload(),
                                    started))
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
                    .build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String body = firstKilobyte(response.body());
            ok = response.statusCode() / 100 == 2;
            outcome = new Outcome(response.statusCode(), millis(nanos), body, null);
        } catch (OutboundGuard.RefusedException e) {
            outcome = new Outcome(null, millis(nanos), null, e.getMessage());
        } catch (HttpTimeoutException e) {
            outcome = new Outcome(null, millis(nanos), null, "no answer within the timeout");
        } catch (IOException e) {
            outcome = new Outcome(
                    null, millis(nanos), null, ("could not connect or send: " + e.getMessage()).replace("\u0000", ""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // cut off at the deadline, or the node is stopping: not settled here
            outcome = new Outcome(null, millis(nanos), null, "no answer within the timeout");
        } catch (RuntimeException e) {
            outcome = new Outcome(
                    null, millis(nanos), null, "could not send: " + e.getClass().getSimpleName());
        }
        return new Exchange(ok, outcome);
    }

    private void settle(Claimed delivery, Outcome outcome, boolean ok) {
        Instant now = clock.instant();
        List<Duration> schedule = properties.retrySchedule();
        Instant retryAt =
                ok || delivery.series() > schedule.size() ? null : now.plus(schedule.get(delivery.series() - 1));
        tx.executeWithoutResult(s -> {
            deliveries.settle(delivery, outcome, ok, retryAt, now);
            if (ok) {
                endpoints.answered(delivery.endpointId());
            } else if (endpoints.failed(
                    delivery.endpointId(),
                    now,
                    now.minus(properties.disableAfter()),
                    "Every delivery failed for " + properties.disableAfter().toDays() + " days (the last: "
                            + describe(outcome) + "); fix the receiver, then enable the endpoint and replay the"
                            + " failed deliveries.")) {
                log.warn(
                        "Webhook endpoint {} disabled: every delivery failed for {}",
                        delivery.endpointId(),
                        properties.disableAfter());
            }
        });
    }

    private static String describe(Outcome outcome) {
        return outcome.status() != null ? "HTTP " + outcome.status() : String.valueOf(outcome.error());
    }

    private static int millis(long startNanos) {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - startNanos) / 1_000_000);
    }

    private static @Nullable String firstKilobyte(InputStream body) throws IOException {
        try (InputStream in = body) {
            byte[] head = in.readNBytes(KEEP);
            // PostgreSQL text holds no NUL: an answer carrying one is kept without it
            return head.length == 0 ? null : new String(head, StandardCharsets.UTF_8).replace("\u0000", "");
        }
    }
}
