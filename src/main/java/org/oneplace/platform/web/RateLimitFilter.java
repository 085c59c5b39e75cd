package org.oneplace.platform.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.oneplace.platform.PlatformProperties;
import org.oneplace.platform.PlatformProperties.RateLimits;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * SEC-11: token buckets in front of what attackers hammer: sign-in (per client address and per e-mail tried),
 * password resets (requests per client address and per e-mail, new passwords per client address), chat widget
 * sessions (per client address), the management API (per token) and tracking (per write key, else per address). Over the limit the answer is 429 with {@code Retry-After}, before any password is hashed or any row
 * written. The client address is the connection's: {@code X-Forwarded-For} counts only where the operator made a
 * proxy trusted ({@code server.forward-headers-strategy}), so a client cannot pick a fresh address per request.
 * Limits are per node.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20) // after the request-size guard, before security
class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimits limits;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    RateLimitFilter(PlatformProperties properties) {
        this.limits = properties.rateLimits();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !limits.enabled();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (Limit limit : applicable(request)) {
            ConsumptionProbe probe =
                    buckets.get(limit.key(), k -> bucket(limit.perMinute())).tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                long seconds = Math.max(
                        1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                response.sendError(
                        429,
                        "Too many requests: " + limit.what() + " allows " + limit.perMinute()
                                + " a minute. Try again in " + seconds + " s.");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private record Limit(String key, int perMinute, String what) {}

    private List<Limit> applicable(HttpServletRequest request) {
        String path = request.getRequestURI();
        String method = request.getMethod();
        String client = request.getRemoteAddr();
        List<Limit> applicable = new ArrayList<>(2);
        if ("POST".equals(method) && "/login".equals(path)) {
            applicable.add(new Limit("login-ip " + client, limits.signInPerMinute(), "signing in from one address"));
            String email = request.getParameter("username");
            if (email != null && !email.isBlank()) {
                applicable.add(new Limit(
                        "login-user " + digest(email.strip().toLowerCase(Locale.ROOT)),
                        limits.signInPerMinute(),
                        "signing in as one user"));
            }
        } else if ("POST".equals(method) && path.startsWith("/password-reset")) {
            // every reset e-mail goes to a real person's mailbox: an address cannot make Oneplace flood one
            applicable.add(new Limit(
                    "reset-ip " + client, limits.passwordResetsPerMinute(), "password resets from one address"));
            String email = request.getParameter("email");
            if (email != null && !email.isBlank()) {
                applicable.add(new Limit(
                        "reset-user " + digest(email.strip().toLowerCase(Locale.ROOT)),
                        limits.passwordResetsPerMinute(),
                        "password resets for one e-mail"));
            }
        } else if ("POST".equals(method) && path.startsWith("/widget/") && path.endsWith("/sessions")) {
            applicable.add(new Limit(
                    "widget-ip " + client, limits.chatSessionsPerMinute(), "starting chats from one address"));
        } else if (path.startsWith("/api/")) {
            String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (authorization != null) {
                applicable.add(
                        new Limit("api " + digest(authorization), limits.apiPerMinute(), "the API for one token"));
            }
        } else if (path.startsWith("/v1/")) {
            String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            applicable.add(
                    authorization != null
                            ? new Limit(
                                    "track " + digest(authorization),
                                    limits.trackingPerMinute(),
                                    "tracking for one write key")
                            : new Limit("track-ip " + client, limits.trackingPerMinute(), "tracking from one address"));
        }
        return applicable;
    }

    private static Bucket bucket(int perMinute) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(perMinute)
                        .refillGreedy(perMinute, Duration.ofMinutes(1))
                        .build())
                .build();
    }

    // the keys never hold a token or an address book of e-mails in the clear
    private static String digest(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
