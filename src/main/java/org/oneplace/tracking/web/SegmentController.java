package org.oneplace.tracking.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.oneplace.platform.DatabaseErrors;
import org.oneplace.platform.DomainException;
import org.oneplace.staff.WriteKeyView;
import org.oneplace.tracking.TrackingException;
import org.oneplace.tracking.TrackingProperties;
import org.oneplace.tracking.internal.IncomingEvent;
import org.oneplace.tracking.internal.IngestQueue;
import org.oneplace.tracking.internal.SegmentParser;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Segment HTTP API (tracking-api), so that Segment's SDKs — analytics.js in the browser, analytics-node,
 * analytics-java, the mobile SDKs — and RudderStack's send here unchanged. A write key authenticates as HTTP Basic
 * user name with an empty password, or as {@code writeKey} in the body (the browser SDK sends {@code text/plain} to
 * avoid a CORS preflight). Answers {@code {"success":true}} once the events are committed.
 */
@RestController
@Hidden
class SegmentController {

    private static final Map<String, String> SHORT_PATHS =
            Map.of("t", "track", "i", "identify", "p", "page", "s", "screen", "g", "group", "a", "alias");
    private static final Map<String, Boolean> SUCCESS = Map.of("success", true);

    private final SegmentParser parser;
    private final IngestQueue queue;
    private final WriteKeys writeKeys;
    private final TrackingProperties properties;
    private final Clock clock;

    SegmentController(
            SegmentParser parser, IngestQueue queue, WriteKeys writeKeys, TrackingProperties properties, Clock clock) {
        this.parser = parser;
        this.queue = queue;
        this.writeKeys = writeKeys;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping({
        "/v1/identify", "/v1/track", "/v1/page", "/v1/screen", "/v1/group", "/v1/alias",
        "/v1/t", "/v1/i", "/v1/p", "/v1/s", "/v1/g", "/v1/a"
    })
    ResponseEntity<?> call(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String last = request.getRequestURI().substring(request.getRequestURI().lastIndexOf('/') + 1);
        String call = SHORT_PATHS.getOrDefault(last, last);
        // the path names the call, as in Segment's API, whatever 'type' the body carries
        return ingest(
                request,
                response,
                SegmentParser.MAX_CALL_BYTES,
                (body, bytes, key, at) -> parser.single(body, bytes, call, key, at));
    }

    @PostMapping({"/v1/batch", "/v1/import", "/v1/b"})
    ResponseEntity<?> batch(HttpServletRequest request, HttpServletResponse response) throws IOException {
        return ingest(request, response, SegmentParser.MAX_BATCH_BYTES, parser::batch);
    }

    /** The settings document analytics.js loads before anything else, pointing it back at this server. */
    @GetMapping("/v1/projects/{writeKey}/settings")
    ResponseEntity<?> settings(@PathVariable String writeKey, HttpServletRequest request) {
        WriteKeyView key = writeKeys.active(writeKey).orElse(null);
        if (key == null) {
            return problem(
                    HttpStatus.NOT_FOUND,
                    "Unknown write key",
                    "There is no active write key '" + writeKey + "'; create one under Settings → Write keys.");
        }
        var origin = ServletUriComponentsBuilder.fromContextPath(request).build();
        String host = origin.getHost() + (origin.getPort() > 0 ? ":" + origin.getPort() : "");
        Map<String, Object> segment = new LinkedHashMap<>();
        segment.put("apiKey", key.key());
        segment.put("apiHost", host + "/v1");
        segment.put("protocol", origin.getScheme());
        segment.put("unbundledIntegrations", List.of());
        segment.put("addBundledMetadata", true);
        segment.put("maybeBundledConfigIds", Map.of());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("integrations", Map.of("Segment.io", segment));
        settings.put(
                "plan",
                Map.of(
                        "track", Map.of("__default", Map.of("enabled", true, "integrations", Map.of())),
                        "identify", Map.of("__default", Map.of("enabled", true)),
                        "group", Map.of("__default", Map.of("enabled", true))));
        settings.put("edgeFunction", Map.of());
        settings.put("analyticsNextEnabled", true);
        settings.put("middlewareSettings", Map.of());
        settings.put("enabledMiddleware", Map.of());
        settings.put("metrics", Map.of("sampleRate", 0));
        settings.put("legacyVideoPluginsEnabled", false);
        settings.put("remotePlugins", List.of());
        return ResponseEntity.ok()
                .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .contentType(MediaType.APPLICATION_JSON)
                .body(settings);
    }

    @FunctionalInterface
    private interface Reader {
        List<IncomingEvent> read(ObjectNode body, int bytes, WriteKeyView key, Instant receivedAt);
    }

    private ResponseEntity<?> ingest(HttpServletRequest request, HttpServletResponse response, int limit, Reader reader)
            throws IOException {
        Instant receivedAt = clock.instant();
        String contentType = request.getContentType();
        if (contentType != null
                && !contentType.startsWith(MediaType.APPLICATION_JSON_VALUE)
                && !contentType.startsWith(MediaType.TEXT_PLAIN_VALUE)) {
            return problem(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Unsupported media type",
                    "Content-Type " + contentType + " is not supported here; send application/json (or text/plain,"
                            + " as the browser SDK does).");
        }
        byte[] body = request.getInputStream().readNBytes(limit + 1);
        String basicKey = basicUser(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (basicKey == null && body.length == 0) {
            return unauthorized("Send the write key as the HTTP Basic user name (empty password) or as 'writeKey' in"
                    + " the body.");
        }
        if (body.length > limit) {
            throw TrackingException.tooLarge("The request body is larger than Segment's limit of " + limit
                    + (limit == SegmentParser.MAX_CALL_BYTES ? " bytes per call" : " bytes per batch")
                    + "; send fewer or smaller events per request.");
        }
        ObjectNode document = parser.read(body);
        String keyValue = basicKey != null ? basicKey : parser.writeKeyOf(document);
        if (keyValue == null) {
            return unauthorized("Send the write key as the HTTP Basic user name (empty password) or as 'writeKey' in"
                    + " the body.");
        }
        WriteKeyView key = writeKeys.active(keyValue).orElse(null);
        if (key == null) {
            return unauthorized("The write key is unknown or revoked; use an active key from Settings → Write keys.");
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null) {
            if (!key.allowsOrigin(origin)) {
                return problem(
                        HttpStatus.FORBIDDEN,
                        "Origin not allowed",
                        "The write key '" + key.name() + "' does not accept events from pages of " + origin
                                + "; add the origin to the key.");
            }
            response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
            response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
        }
        List<IncomingEvent> events = reader.read(document, body.length, key, receivedAt);
        try {
            queue.submit(events).get(properties.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DomainException domain) {
                throw domain;
            }
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                throw TrackingException.invalid(String.valueOf(invalid.getMessage()));
            }
            var refused = DatabaseErrors.contentRefused(e.getCause());
            if (refused.isPresent()) {
                // the content is at fault, not the database: a 503 would have the SDK send it again forever
                throw TrackingException.invalid("A value in the events cannot be stored (" + refused.get()
                        + "); nothing of this request was stored.");
            }
            return unavailable();
        } catch (TimeoutException e) {
            return unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable();
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(SUCCESS);
    }

    private static @Nullable String basicUser(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            String user = colon < 0 ? decoded : decoded.substring(0, colon);
            return user.isEmpty() ? null : user;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ResponseEntity<ProblemDetail> unauthorized(String detail) {
        ResponseEntity<ProblemDetail> problem = problem(HttpStatus.UNAUTHORIZED, "Unauthorized", detail);
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"tracking\"")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem.getBody());
    }

    private static ResponseEntity<ProblemDetail> unavailable() {
        ResponseEntity<ProblemDetail> problem = problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "Not stored",
                "The events could not be stored right now and were not accepted; send them again.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem.getBody());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
