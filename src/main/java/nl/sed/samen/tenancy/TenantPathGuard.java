package nl.sed.samen.tenancy;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;
import nl.sed.samen.common.Problem;
import nl.sed.samen.common.ProblemType;

/**
 * Answers requests that cannot name a resource before they reach the application: a tenant segment that is not a slug
 * (percent escapes, NUL, upper case, 200 characters) is a 404, a request without a Host header (HTTP/1.0) a 400, so
 * neither can reach a database query or a URL builder; and a path no route serves is a problem 404.
 */
@ApplicationScoped
public class TenantPathGuard {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(TenantPathGuard.class);

    private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9-]{1,62}");

    void register(@Observes Filters filters) {
        filters.register(this::handle, 260);
    }

    /**
     * Paths no route serves (outside the API, such as /api/v2) are a problem 404 too, not an HTML page; and a failure
     * raised by the HTTP layer itself (an unusable Host header, say) becomes a problem without a stack trace.
     */
    void notFound(@Observes Router router) {
        router.route().order(Integer.MAX_VALUE)
                .handler(context -> answer(context.response(), ProblemType.NOT_FOUND, "No resource at this path."));
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.response().headWritten()) {
                context.next();
                return;
            }
            int status = context.statusCode() >= 400 && context.statusCode() < 600 ? context.statusCode() : 500;
            if (context.failure() instanceof io.vertx.core.VertxException && status == 500) {
                status = 400;
            }
            if (status >= 500) {
                LOG.error("Request failed in the HTTP layer", context.failure());
            }
            ProblemType type = ProblemType.forStatus(status);
            answer(context.response(), type, status >= 500 ? "The service could not complete the request."
                    : "The request could not be read.");
        });
    }

    private void handle(RoutingContext context) {
        String host;
        try {
            // HTTP/1.1 Host header or HTTP/2 :authority; HTTP/1.0 may have neither
            host = context.request().host();
        } catch (RuntimeException e) {
            host = null;
        }
        if (host == null || host.isBlank()) {
            answer(context.response(), ProblemType.INVALID_INPUT, "A Host header is required.");
            return;
        }
        String query = context.request().query();
        if (query != null && (query.contains("%00") || query.chars().anyMatch(Character::isISOControl))) {
            answer(context.response(), ProblemType.INVALID_INPUT, "The query string contains control characters.");
            return;
        }
        String tenant = CrossOrigin.tenantOf(context.request().path());
        if (tenant != null && !tenant.isEmpty() && !SLUG.matcher(tenant).matches()) {
            answer(context.response(), ProblemType.NOT_FOUND, "There is no such tenant.");
            return;
        }
        context.next();
    }

    static void answer(HttpServerResponse response, ProblemType type, String detail) {
        response.setStatusCode(type.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Cache-Control", "no-store")
                .end("{\"type\":\"" + type.uri() + "\",\"title\":\"" + type.title() + "\",\"status\":"
                        + type.status() + ",\"detail\":\"" + detail + "\"}");
    }
}
