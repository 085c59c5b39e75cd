package org.oneplace.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.oneplace.platform.DatabaseErrors;
import org.oneplace.platform.DomainException;
import org.oneplace.shared.InvalidValueException;
import org.oneplace.shared.Uuid7;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ExpressionAuthorizationDecision;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Turns every exception a controller lets through into an RFC 9457 problem whose {@code detail} says what to
 * change; a browser asking for a console page gets the same as a page. Errors raised by filters (failed
 * authentication, oversized bodies) are answered by {@link ProblemErrorController} in the same shape.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final Pattern QUOTED = Pattern.compile("'([^']+)'");

    @ExceptionHandler(DomainException.class)
    ProblemDetail domain(DomainException e) {
        HttpStatus status = switch (e.reason()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle(e.title());
        if (e.field() != null) {
            problem.setProperty("field", e.field());
        }
        return problem;
    }

    @ExceptionHandler(AuthorizationDeniedException.class)
    Object denied(AuthorizationDeniedException e, HttpServletRequest request) {
        List<String> permissions = requiredPermissions(e.getAuthorizationResult());
        String detail = permissions.isEmpty()
                ? "Your role does not allow this action."
                : "This action needs the permission " + String.join(" or ", permissions)
                        + ", which your role or token does not grant.";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail);
        problem.setTitle("Forbidden");
        if (!permissions.isEmpty()) {
            problem.setProperty("requiredPermissions", permissions);
        }
        return pageOr(problem, request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraintViolation(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> "'" + lastNode(v.getPropertyPath().toString()) + "' " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail + ".");
        problem.setTitle("Validation failed");
        return problem;
    }

    private static String lastNode(String path) {
        // "createUser.command.roles" -> "roles": the method and parameter names mean nothing to a client
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", Arrays.copyOfRange(parts, 2, parts.length)) : path;
    }

    /**
     * A value type refused what the client gave. Only this kind of {@link IllegalArgumentException} is the client's
     * fault: any other one is a bug, answered 500 with a reference like every unexpected error, so that a message
     * written for a developer never reads as a judgement of the client's input.
     */
    @ExceptionHandler(InvalidValueException.class)
    ProblemDetail invalid(InvalidValueException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid value");
        if (e.field() != null) {
            problem.setProperty("field", e.field());
        }
        return problem;
    }

    /**
     * Exact arithmetic ({@code Math.addExact}, {@code multiplyExact}) overflowed: only numbers a client gave can grow
     * that large, so it is their request that cannot be computed — a 400, never a 500.
     */
    @ExceptionHandler(ArithmeticException.class)
    ProblemDetail overflow(ArithmeticException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "The numbers in the request are too large to compute with (" + e.getMessage()
                        + "); use smaller amounts or quantities.");
        problem.setTitle("Number too large");
        return problem;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        if (e.getParameter().hasParameterAnnotation(PathVariable.class)) {
            // An id that cannot exist names nothing: 404 like any unknown id, without the type behind it (BAD-12).
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.NOT_FOUND,
                    "There is nothing with the id '" + e.getValue() + "'; ids look like"
                            + " 0193a4c2-7b1e-7d2f-9c3a-5e8f1a2b3c4d.");
            problem.setTitle("Not found");
            return problem;
        }
        String expected = e.getRequiredType() == null
                ? "another value"
                : e.getRequiredType().getSimpleName().toLowerCase(Locale.ROOT);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "'" + e.getValue() + "' is not a valid " + expected + " for '" + e.getName() + "'.");
        problem.setTitle("Invalid request");
        return problem;
    }

    /**
     * The database cannot be reached: 503 with {@code Retry-After}, so that providers and SDKs retry later instead of
     * taking a 500 for a final answer — nothing was committed, so nothing is acknowledged (RELIABILITY §3.2).
     */
    @ExceptionHandler({
        DataAccessResourceFailureException.class,
        CannotCreateTransactionException.class,
        TransientDataAccessResourceException.class
    })
    ResponseEntity<ProblemDetail> unavailable(Exception e, HttpServletRequest request) {
        log.warn("Database unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The database is unavailable, so nothing was stored; send the request again in a few seconds.");
        problem.setTitle("Temporarily unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler(Exception.class)
    Object unexpected(Exception e, HttpServletRequest request) {
        var tooLarge = causedBy(e, RequestBodyLimitFilter.BodyTooLargeException.class);
        if (tooLarge != null) {
            // a body streamed by a handler of its own (a bulk import) grew past the limit
            return problem(HttpStatus.CONTENT_TOO_LARGE, "Request too large", String.valueOf(tooLarge.getMessage()));
        }
        if (DatabaseErrors.connectionLost(e)) {
            return unavailable(e, request);
        }
        var refused = DatabaseErrors.contentRefused(e);
        if (refused.isPresent()) {
            // the request's content, not the database, is at fault: a 503 would only invite the same request again
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.BAD_REQUEST,
                    "A value in the request cannot be stored (" + refused.get()
                            + "); change it and send the request again.");
            problem.setTitle("Value not storable");
            return pageOr(problem, request);
        }
        UUID reference = Uuid7.next();
        log.error("Unexpected error {} on {} {}", reference, request.getMethod(), request.getRequestURI(), e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; it was logged with reference " + reference
                        + ". Try again, and give the reference to the operator if it persists.");
        problem.setTitle("Internal error");
        problem.setProperty("reference", reference.toString());
        return pageOr(problem, request);
    }

    /** The problem as a page for a browser navigating the console, else as {@code application/problem+json}. */
    private static Object pageOr(ProblemDetail problem, HttpServletRequest request) {
        String accept = String.valueOf(request.getHeader(HttpHeaders.ACCEPT));
        if (accept.contains(MediaType.TEXT_HTML_VALUE)
                && !request.getRequestURI().startsWith("/api/")) {
            return new ModelAndView(
                    "error",
                    Map.of(
                            "status", problem.getStatus(),
                            "title", String.valueOf(problem.getTitle()),
                            "detail", String.valueOf(problem.getDetail())),
                    HttpStatus.valueOf(problem.getStatus()));
        }
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var tooLarge = causedBy(e, RequestBodyLimitFilter.BodyTooLargeException.class);
        if (tooLarge != null) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, "Request too large", String.valueOf(tooLarge.getMessage()));
        }
        return problem(HttpStatus.BAD_REQUEST, "Unreadable request body", unreadableDetail(e));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = e.getBindingResult().getFieldErrors();
        String detail = errors.stream()
                .map(f -> "'" + f.getField() + "' " + f.getDefaultMessage())
                .collect(Collectors.joining("; "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, detail.isEmpty() ? "The request is not valid." : detail + ".");
        problem.setTitle("Validation failed");
        problem.setProperty(
                "errors",
                errors.stream()
                        .map(f -> new FieldProblem(f.getField(), String.valueOf(f.getDefaultMessage())))
                        .toList());
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = e.getParameterValidationResults().stream()
                .map(r -> "'" + r.getMethodParameter().getParameterName() + "' "
                        + r.getResolvableErrors().stream()
                                .map(m -> String.valueOf(m.getDefaultMessage()))
                                .collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
        return problem(HttpStatus.BAD_REQUEST, "Validation failed", detail + ".");
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return problem(
                HttpStatus.NOT_FOUND,
                "Not found",
                "There is no endpoint " + e.getHttpMethod() + " /" + e.getResourcePath()
                        + "; the API is described at /v3/api-docs.");
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpRequestMethodNotSupported(
            HttpRequestMethodNotSupportedException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String allowed = e.getSupportedHttpMethods() == null
                ? "another method"
                : e.getSupportedHttpMethods().stream().map(Object::toString).collect(Collectors.joining(", "));
        ResponseEntity<Object> response = problem(
                HttpStatus.METHOD_NOT_ALLOWED,
                "Method not allowed",
                e.getMethod() + " is not supported here; use " + allowed + ".");
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
                .headers(headers)
                .body(response.getBody());
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            HttpMediaTypeNotSupportedException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String supported =
                e.getSupportedMediaTypes().stream().map(Object::toString).collect(Collectors.joining(", "));
        return problem(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type",
                "Content-Type " + (e.getContentType() == null ? "(none)" : e.getContentType())
                        + " is not supported here; send " + supported + ".");
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return ResponseEntity.status(status).body(problem);
    }

    /** A detail for a body Jackson could not read, naming the field and what was expected. */
    static String unreadableDetail(HttpMessageNotReadableException e) {
        JacksonException jackson = causedBy(e, JacksonException.class);
        if (jackson == null) {
            return "The request body is missing or not readable; send a JSON document.";
        }
        String field = jackson.getPath().stream()
                .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        if (jackson instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + field + "'; known fields are "
                    + unknown.getKnownPropertyIds().stream()
                            .map(Object::toString)
                            .sorted()
                            .toList() + ".";
        }
        if (jackson instanceof InvalidFormatException format) {
            return "Field '" + field + "' cannot take the value '" + format.getValue() + "'"
                    + expected(format.getTargetType()) + ".";
        }
        if (jackson instanceof ValueInstantiationException instantiation && instantiation.getCause() != null) {
            return "Field '" + field + "' is not valid: "
                    + instantiation.getCause().getMessage() + ".";
        }
        if (jackson instanceof MismatchedInputException mismatch) {
            if (field.isEmpty()) {
                return "The request body must be a JSON object of the documented shape.";
            }
            return "Field '" + field + "' has the wrong type" + expected(mismatch.getTargetType()) + ".";
        }
        String where = jackson.getLocation() == null
                ? ""
                : " at line " + jackson.getLocation().getLineNr() + ", column "
                        + jackson.getLocation().getColumnNr();
        return "The request body is not valid JSON" + where + ": " + jackson.getOriginalMessage() + ".";
    }

    private static String expected(@Nullable Class<?> type) {
        if (type == null) {
            return "";
        }
        if (type.isEnum()) {
            return "; expected one of " + List.of(type.getEnumConstants());
        }
        return "; expected " + type.getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static <T extends Throwable> @Nullable T causedBy(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    static List<String> requiredPermissions(@Nullable AuthorizationResult result) {
        if (result instanceof AuthorityAuthorizationDecision decision) {
            return decision.getAuthorities().stream()
                    .map(GrantedAuthority::getAuthority)
                    .toList();
        }
        if (result instanceof ExpressionAuthorizationDecision decision) {
            Matcher m = QUOTED.matcher(decision.getExpression().getExpressionString());
            return m.results().map(r -> r.group(1)).toList();
        }
        return List.of();
    }

    record FieldProblem(String field, String message) {}
}
