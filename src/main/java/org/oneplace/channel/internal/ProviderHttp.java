package org.oneplace.channel.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLHandshakeException;
import org.oneplace.channel.SendOutcome;
import org.oneplace.platform.OutboundGuard;
import org.springframework.stereotype.Component;

/**
 * Calls providers' send APIs and sorts every answer into a {@link SendOutcome} by one policy (RELIABILITY §3.5):
 * retried only when the request certainly did not take effect (no connection, 429, 503), unknown when it may have
 * (a read timeout, a reset, another 5xx), failed for any other refusal. URLs are never logged: some providers (the
 * Telegram Bot API) carry the token in the path.
 */
@Component
public class ProviderHttp {

    private final HttpClient client;
    private final Duration timeout;
    private final OutboundGuard guard;

    ProviderHttp(ChannelProperties properties, OutboundGuard guard) {
        this.guard = guard;
        this.timeout = properties.sendTimeout();
        this.client = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A provider's answer: the status and body. */
    public record Answer(int status, String body, Map<String, java.util.List<String>> headers) {
        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }
    }

    /**
     * Sends a request; a 2xx answer goes to {@code onSuccess}, anything else becomes a retry, unknown or failure
     * with {@code describe} naming the provider's reason.
     */
    public SendOutcome send(
            HttpRequest.Builder request,
            Function<Answer, SendOutcome> onSuccess,
            Function<Answer, String> describe,
            Function<Answer, Optional<Duration>> retryAfter) {
        HttpRequest built = request.timeout(timeout).build();
        try {
            // again before every connection: the name may resolve elsewhere now than when it was configured
            guard.checkUrl("the provider's address", built.uri().toString());
        } catch (OutboundGuard.RefusedException e) {
            return new SendOutcome.Failed(String.valueOf(e.getMessage()));
        }
        HttpResponse<String> response;
        try {
            response = client.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException | ConnectException | SSLHandshakeException e) {
            return new SendOutcome.Retry(
                    Duration.ofSeconds(5),
                    "the provider could not be reached: " + e.getClass().getSimpleName());
        } catch (HttpTimeoutException e) {
            return new SendOutcome.Unknown(
                    "no answer from the provider within " + timeout.toSeconds() + " s; it may have been sent");
        } catch (IOException e) {
            if (e.getCause() instanceof UnresolvedAddressException || e.getCause() instanceof ConnectException) {
                return new SendOutcome.Retry(Duration.ofSeconds(5), "the provider could not be reached");
            }
            return new SendOutcome.Unknown(
                    "the connection broke after sending (" + e.getClass().getSimpleName() + "); it may have been sent");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendOutcome.Unknown("interrupted while waiting for the provider");
        }
        Answer answer = new Answer(
                response.statusCode(), response.body(), response.headers().map());
        int status = answer.status();
        if (status >= 200 && status < 300) {
            return onSuccess.apply(answer);
        }
        Function<Answer, String> reason = a -> brief(describe.apply(a));
        if (status == 429 || status == 503) {
            Duration wait = retryAfter
                    .apply(answer)
                    .or(() -> answer.header("Retry-After").flatMap(ProviderHttp::seconds))
                    .orElse(Duration.ofSeconds(5));
            return new SendOutcome.Retry(wait, "the provider asked to wait (" + status + "): " + reason.apply(answer));
        }
        if (status >= 500) {
            return new SendOutcome.Unknown(
                    "the provider answered " + status + "; it may have been sent: " + reason.apply(answer));
        }
        return new SendOutcome.Failed(reason.apply(answer) + " (HTTP " + status + ")");
    }

    /**
     * A provider's reason as an agent sees it: the adapters take it from the fields of the provider's documented
     * error format, never the raw body; it is cut short so that no remote answer is relayed at length.
     */
    private static String brief(String reason) {
        String line = reason.replaceAll("\\s+", " ").strip();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    public static HttpRequest.Builder post(String url) {
        return HttpRequest.newBuilder(URI.create(url));
    }

    static Optional<Duration> seconds(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
