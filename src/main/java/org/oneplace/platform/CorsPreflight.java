package org.oneplace.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers CORS preflights of public endpoints that browsers on other sites call (tracking, the web-chat widget).
 * A preflight carries no credentials, so it is answered for any origin; the request itself is then refused by its
 * endpoint when the write key or channel does not allow the origin.
 */
public final class CorsPreflight extends OncePerRequestFilter {

    private final @Nullable String headers;

    /** @param headers the headers to allow; {@code null} allows the ones the browser asks for */
    public CorsPreflight(@Nullable String headers) {
        this.headers = headers;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!CorsUtils.isPreFlightRequest(request)) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, request.getHeader(HttpHeaders.ORIGIN));
        response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
        String requested = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
        response.setHeader(
                HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
                headers != null ? headers : requested == null ? "Content-Type, Authorization" : requested);
        response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        response.setHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "86400");
        response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
