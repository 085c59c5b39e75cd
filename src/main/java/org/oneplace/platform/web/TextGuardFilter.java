package org.oneplace.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.oneplace.platform.StorableText;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * The one place where text from clients is checked for what PostgreSQL cannot store ({@link StorableText}): the
 * decoded path, every query and form parameter, and every JSON body (also {@code text/plain} JSON, as the browser
 * tracking SDK sends it). A request carrying NUL or an unpaired surrogate is answered 400 with the JSON Pointer of the
 * field ({@code pointer}) before anything reads it, so nothing of it is stored — for {@code /v1/batch} that means the
 * whole batch, like any other invalid event in it. Provider webhooks under {@code /webhooks/} are not refused here:
 * a provider must get its acknowledgement, so their text is repaired where it is read.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30) // after the size guard and the rate limits, before security
class TextGuardFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isImport(request) && isForm(request)) {
            // reading the parameters would have the container take the file in as form fields
            response.sendError(
                    HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "Send the file as it is, with its type: Content-Type text/csv or application/x-ndjson (curl -H"
                            + " 'Content-Type: text/csv' --data-binary @customers.csv); a form post is not read.");
            return;
        }
        Optional<StorableText.Finding> finding = inPath(request).or(() -> inParameters(request));
        if (finding.isPresent()) {
            refuse(request, response, finding.get());
            return;
        }
        if (!carriesJson(request) || isImport(request)) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (RequestBodyLimitFilter.BodyTooLargeException e) {
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, e.getMessage());
            return;
        }
        finding = StorableText.firstUnstorable(body);
        if (finding.isPresent()) {
            refuse(request, response, finding.get());
            return;
        }
        chain.doFilter(new ReadRequest(request, body), response);
    }

    private static Optional<StorableText.Finding> inPath(HttpServletRequest request) {
        String path;
        try {
            path = UriUtils.decode(request.getRequestURI(), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty(); // the container and the handlers answer a malformed path
        }
        return StorableText.problem(path).map(p -> new StorableText.Finding("path", "the path " + p));
    }

    private static Optional<StorableText.Finding> inParameters(HttpServletRequest request) {
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            String name = parameter.getKey();
            Optional<String> problem = StorableText.problem(name);
            if (problem.isPresent()) {
                return Optional.of(new StorableText.Finding("?", "a parameter name " + problem.get()));
            }
            for (String value : parameter.getValue()) {
                problem = StorableText.problem(value);
                if (problem.isPresent()) {
                    return Optional.of(
                            new StorableText.Finding("?" + name, "parameter '" + name + "' " + problem.get()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A bulk-import upload is streamed to the database, not read here: its rows are checked one by one when the import
     * reads them, and a row with NUL is rejected with its line number instead of the whole file.
     */
    private static boolean isImport(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.equals(RequestBodyLimitFilter.IMPORTS) || path.equals(RequestBodyLimitFilter.CONSOLE_IMPORTS);
    }

    private static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        String lower = type == null ? "" : type.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("application/x-www-form-urlencoded") || lower.startsWith("multipart/");
    }

    private static boolean carriesJson(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null || request.getContentLengthLong() == 0) {
            return false;
        }
        String lower = type.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("json") || lower.startsWith("text/plain");
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, StorableText.Finding finding)
            throws IOException {
        String detail = Character.toUpperCase(finding.problem().charAt(0))
                + finding.problem().substring(1) + ".";
        request.setAttribute(
                ProblemErrorController.PROPERTIES,
                Map.of(
                        "pointer",
                        finding.pointer(),
                        "errors",
                        java.util.List.of(Map.of("pointer", finding.pointer(), "detail", detail))));
        response.sendError(HttpServletResponse.SC_BAD_REQUEST, detail);
    }

    /** The request with its body already read, served again from memory to whoever reads it next. */
    private static final class ReadRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        ReadRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            return new BodyStream(new ByteArrayInputStream(body));
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(
                    new ByteArrayInputStream(body),
                    encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }

    private static final class BodyStream extends ServletInputStream {
        private final ByteArrayInputStream in;

        BodyStream(ByteArrayInputStream in) {
            this.in = in;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, len);
        }

        @Override
        public byte[] readAllBytes() {
            return in.readAllBytes();
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(@Nullable ReadListener listener) {
            throw new UnsupportedOperationException("the body was read already");
        }
    }
}
