package org.oneplace.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.oneplace.platform.PlatformProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code oneplace.platform.web.max-request-body} with 413: at once when the declared
 * length is too large, and while reading when a chunked body grows past the limit. Provider webhooks and bulk-import
 * uploads have limits of their own.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final long apiLimit;
    private final long webhookLimit;
    private final long importLimit;

    /** Where files are uploaded for bulk import: the API and the console's form. */
    static final String IMPORTS = "/api/v1/imports";

    static final String CONSOLE_IMPORTS = "/settings/imports/upload";

    RequestBodyLimitFilter(PlatformProperties properties) {
        this.apiLimit = properties.web().maxRequestBody().toBytes();
        this.webhookLimit = properties.web().maxWebhookBody().toBytes();
        this.importLimit = properties.web().maxImportBody().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        long limit = path.startsWith("/webhooks/")
                ? webhookLimit
                : path.equals(IMPORTS) || path.equals(CONSOLE_IMPORTS) ? importLimit : apiLimit;
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, tooLarge(limit));
            return;
        }
        chain.doFilter(declared >= 0 ? request : new LimitedRequest(request, limit), response);
    }

    static String tooLarge(long limit) {
        return "The request body is larger than the limit of " + limit
                + " bytes; send less data per request (the limits are oneplace.platform.web.max-request-body,"
                + " max-import-body for bulk imports, max-webhook-body for provider webhooks).";
    }

    /** Thrown while reading a body that grew past the limit; mapped to 413. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long limit) {
            super(tooLarge(limit));
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long limit;
        private @Nullable ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class LimitedStream extends ServletInputStream {
        private final ServletInputStream delegate;
        private final long limit;
        private long read;

        LimitedStream(ServletInputStream delegate, long limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
