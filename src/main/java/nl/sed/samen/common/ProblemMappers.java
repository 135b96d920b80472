package nl.sed.samen.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.sed.samen.database.DatabaseFailures;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Where failures inside the application become RFC 9457 problem responses. Messages never echo a rejected value, a
 * class name or a stack trace. Two HTTP-layer filters answer before a request reaches the application and write the
 * same shape themselves: {@code TenantPathGuard} (unusable paths and hosts) and {@code RequestLimits} (bodies too large).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        return respond(e.type(), e.getMessage(), e.errors(), e.headers(), e.challengeUrl(), request);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, HttpServerRequest request) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList();
        return respond(ProblemType.INVALID_INPUT, "The request has invalid fields.", errors, Map.of(), request);
    }

    @ServerExceptionMapper
    public Response unrecognizedProperty(UnrecognizedPropertyException e, HttpServerRequest request) {
        return invalidField(pathOf(e), "unknown field", request);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, HttpServerRequest request) {
        Class<?> target = e.getTargetType();
        String message = target != null && target.isEnum()
                ? "unknown value; allowed: " + WireEnums.allowed(target)
                : "not a valid " + describe(target);
        return invalidField(pathOf(e), message, request);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, HttpServerRequest request) {
        String path = pathOf(e);
        if (path.isEmpty()) {
            return respond(ProblemType.INVALID_INPUT, "The request body is not a JSON document of the expected shape.",
                    null, Map.of(), request);
        }
        return invalidField(path, "wrong type; expected " + describe(e.getTargetType()), request);
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e, HttpServerRequest request) {
        String path = pathOf(e);
        Throwable cause = e.getCause();
        if (cause instanceof ProblemException problem) {
            return problem(problem, request);
        }
        if (path.isEmpty()) {
            return respond(ProblemType.INVALID_INPUT, "The request body could not be read as JSON.", null, Map.of(),
                    request);
        }
        return invalidField(path, cause instanceof IllegalArgumentException && cause.getMessage() != null
                ? cause.getMessage() : "invalid value", request);
    }

    @ServerExceptionMapper
    public Response jsonProcessing(JsonProcessingException e, HttpServerRequest request) {
        return respond(ProblemType.INVALID_INPUT, "The request body is not well-formed JSON.", null, Map.of(), request);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, HttpServerRequest request) {
        return unauthorized(request);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, HttpServerRequest request) {
        return unauthorized(request);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return respond(ProblemType.FORBIDDEN, "Your token does not allow this.", null, Map.of(), request);
    }

    @ServerExceptionMapper({OptimisticLockException.class, StaleStateException.class})
    public Response concurrentChange(Exception e, HttpServerRequest request) {
        return respond(ProblemType.CONFLICT, "Someone else changed this at the same time; fetch it again and retry.",
                null, Map.of(), request);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        if (status < 400) {
            return e.getResponse();
        }
        ProblemType type = ProblemType.forStatus(status);
        Map<String, String> headers = Map.of();
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            headers = Map.of(HttpHeaders.ALLOW, allow);
        }
        String detail = switch (type) {
            case NOT_FOUND -> "No resource at this path.";
            case METHOD_NOT_ALLOWED -> "This resource does not support that method.";
            case UNSUPPORTED_MEDIA_TYPE -> "Send the body as application/json.";
            case NOT_ACCEPTABLE -> "This resource cannot produce the media type asked for.";
            case PAYLOAD_TOO_LARGE -> "The request body is larger than this service accepts.";
            default -> status >= 500 ? "The service could not complete the request." : "The request is not valid.";
        };
        if (status >= 500) {
            LOG.error("Request failed", e);
        }
        return respond(type, detail, null, headers, request);
    }

    @ServerExceptionMapper(priority = Integer.MAX_VALUE)
    public Response unexpected(Throwable e, HttpServerRequest request) {
        if (e instanceof java.io.IOException && e.getMessage() != null && e.getMessage().contains("too large")) {
            // a chunked body past the limit: the HTTP layer has already answered 413
            return respond(ProblemType.PAYLOAD_TOO_LARGE, "The request body is larger than this service accepts.",
                    null, Map.of(), request);
        }
        if (clientWentAway(e)) {
            // the client closed the connection while sending its body (a tab closed, a load test stopping): nobody
            // is left to answer and nothing failed here, so no error in the log
            LOG.debugf("Client closed the connection mid-request: %s", request.path());
            return respond(ProblemType.INVALID_INPUT, "The request body ended early.", null, Map.of(), request);
        }
        if (DatabaseFailures.unreachable(e)) {
            LOG.warnf("Database unreachable: %s", e.getClass().getSimpleName());
            return respond(ProblemType.UNAVAILABLE, "The database cannot be reached right now; try again shortly.",
                    null, Map.of("Retry-After", "5"), request);
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure, incident %s", incident);
        return respond(ProblemType.INTERNAL, "The service failed unexpectedly (incident " + incident + ").", null,
                Map.of(), request);
    }

    /** The client closed the connection, or stopped sending, while the service was still reading its request. */
    private static boolean clientWentAway(Throwable e) {
        return DatabaseFailures.causedBy(e, t -> t instanceof io.vertx.core.http.HttpClosedException
                // the same, seen from the blocking body reader when the channel closed before it read
                || t instanceof java.nio.channels.ClosedChannelException
                // or a client that stopped sending its body (the reader's blocking timeout): not our failure either
                || t instanceof java.io.IOException && "Read timed out".equals(t.getMessage()));
    }

    private Response unauthorized(HttpServerRequest request) {
        return respond(ProblemType.UNAUTHORIZED, "A valid bearer token is required.", null,
                Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer"), request);
    }

    private Response invalidField(String field, String message, HttpServerRequest request) {
        return respond(ProblemType.INVALID_INPUT, "The request has invalid fields.",
                List.of(new Problem.FieldError(field, message)), Map.of(), request);
    }

    static Response respond(ProblemType type, String detail, List<Problem.FieldError> errors,
            Map<String, String> headers, HttpServerRequest request) {
        return respond(type, detail, errors, headers, null, request);
    }

    private static Response respond(ProblemType type, String detail, List<Problem.FieldError> errors,
            Map<String, String> headers, String challengeUrl, HttpServerRequest request) {
        Response.ResponseBuilder builder = Response.status(type.status())
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(new Problem(type.uri(), type.title(), type.status(), detail,
                        request == null ? null : request.path(), errors == null || errors.isEmpty() ? null : errors,
                        challengeUrl));
        headers.forEach(builder::header);
        return builder.build();
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        List<String> parts = new ArrayList<>();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
            } else if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                // an index belongs to the container the node sits in: options[0].label, areas[1]
                if (node.isInIterable() && node.getIndex() != null && !parts.isEmpty()) {
                    parts.set(parts.size() - 1, parts.get(parts.size() - 1) + "[" + node.getIndex() + "]");
                }
                String name = node.getName();
                if (name != null && !name.startsWith("<")) {
                    parts.add(name);
                }
            }
        }
        if (parts.isEmpty()) {
            return parameter == null ? "body" : parameter;
        }
        return String.join(".", parts);
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == String.class) {
            return "string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type == UUID.class) {
            return "UUID";
        }
        if (type.isEnum()) {
            return "value of the listed enumeration";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return type == java.time.LocalDate.class ? "date (YYYY-MM-DD)" : "RFC 3339 date-time with offset";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        return "object";
    }
}
