package nl.sed.samen.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a declared oversized body before it is read, with a problem document rather than the HTTP layer's bare 413.
 * A chunked body (no Content-Length) is read here, up to the limit, before any resource sees it: past the limit the
 * request fails with 413, which the router's failure handler answers as a problem. Left to the resource, REST's own
 * reader would answer a bare 413 mid-request and the resource's error response would then find the response already
 * written (an ERROR with a stack trace in the log, once per such request).
 */
@ApplicationScoped
public class RequestLimits {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    void register(@Observes Filters filters) {
        long limit = maxBodySize.asLongValue();
        BodyHandler chunkedBodies = BodyHandler.create(false).setBodyLimit(limit).setMergeFormAttributes(false)
                .setDeleteUploadedFilesOnEnd(true);
        filters.register(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && exceeds(length, limit)) {
                refuse(context, ProblemType.PAYLOAD_TOO_LARGE,
                        "The request body is larger than the " + limit + " bytes this service accepts.");
                return;
            }
            String coding = context.request().getHeader(HttpHeaders.TRANSFER_ENCODING);
            if (length == null && coding != null) {
                if (!endsWithChunked(coding)) {
                    // RFC 9112 6.3: without chunked as the final coding a request's body length cannot be known; answer
                    // at once (and close) instead of waiting for a body end that never comes
                    refuse(context, ProblemType.INVALID_INPUT,
                            "A request body with Transfer-Encoding must end with the chunked coding.");
                    return;
                }
                chunkedBodies.handle(context); // calls next() with the body read, or fails the request with 413
                return;
            }
            context.next();
        }, 250);
    }

    private static void refuse(RoutingContext context, ProblemType type, String detail) {
        context.response().setStatusCode(type.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end("{\"type\":\"" + type.uri() + "\",\"title\":\"" + type.title() + "\",\"status\":"
                        + type.status() + ",\"detail\":\"" + detail + "\"}");
    }

    static boolean endsWithChunked(String transferEncoding) {
        String[] codings = transferEncoding.split(",");
        return codings[codings.length - 1].strip().equalsIgnoreCase("chunked");
    }

    private static boolean exceeds(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
