package org.oneplace.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers errors raised outside controllers — no handler, authentication and authorisation failures from the
 * security filters, oversized bodies, container errors — as RFC 9457 problems, or as a page for a browser.
 * Filters report such errors with {@code response.sendError(status, detail)}; the detail they give is shown, an
 * exception's message never is.
 */
@Controller
@RequestMapping("${server.error.path:/error}")
class ProblemErrorController implements ErrorController {

    /**
     * A request attribute a filter may set before {@code sendError}: a {@code Map<String, Object>} of extension
     * members for the problem, such as the {@code pointer} of the field at fault.
     */
    static final String PROPERTIES = ProblemErrorController.class.getName() + ".properties";

    @RequestMapping(produces = MediaType.TEXT_HTML_VALUE)
    ModelAndView page(HttpServletRequest request) {
        ProblemDetail problem = problemOf(request);
        HttpStatus status = HttpStatus.valueOf(problem.getStatus());
        return new ModelAndView(
                "error",
                Map.of("status", problem.getStatus(), "title", problem.getTitle(), "detail", detail(problem)),
                status);
    }

    @RequestMapping
    ResponseEntity<ProblemDetail> problem(HttpServletRequest request) {
        ProblemDetail problem = problemOf(request);
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static ProblemDetail problemOf(HttpServletRequest request) {
        HttpStatus status = statusOf(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE));
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String detail = exception == null && message instanceof String text && !text.isBlank()
                ? text
                : defaultDetail(status, uri == null ? "this path" : uri.toString());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        if (request.getAttribute(PROPERTIES) instanceof Map<?, ?> properties) {
            properties.forEach((name, value) -> problem.setProperty(String.valueOf(name), value));
        }
        if (uri != null) {
            try {
                problem.setInstance(URI.create(uri.toString()));
            } catch (IllegalArgumentException notAUri) {
                // a malformed request path: leave instance out rather than fail while reporting the error
            }
        }
        return problem;
    }

    private static String detail(ProblemDetail problem) {
        return problem.getDetail() == null ? "" : problem.getDetail();
    }

    private static HttpStatus statusOf(@Nullable Object code) {
        if (code instanceof Integer value) {
            HttpStatus status = HttpStatus.resolve(value);
            if (status != null) {
                return status;
            }
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }

    private static String defaultDetail(HttpStatus status, String uri) {
        return switch (status) {
            case NOT_FOUND -> "There is nothing at " + uri + "; the API is described at /v3/api-docs.";
            case UNAUTHORIZED -> "Sign in, or send an API token as 'Authorization: Bearer <token>'.";
            case FORBIDDEN -> "Your role does not allow this action.";
            case BAD_REQUEST -> "The request could not be understood; check its URL, headers and body.";
            default ->
                status.is5xxServerError()
                        ? "Something went wrong on our side; try again, and tell the operator if it persists."
                        : status.getReasonPhrase() + ".";
        };
    }
}
