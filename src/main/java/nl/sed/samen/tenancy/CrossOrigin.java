package nl.sed.samen.tenancy;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import nl.sed.samen.common.ProblemType;

/**
 * CORS for embeds and municipality websites: anyone may read (GET) from any origin; writes (votes, voter tokens,
 * reactions, flags, and officials' changes) only from the origins the tenant allows. Preflights are answered here, and
 * a write from another origin is refused with 403 even when a client skips the preflight. An origin allowed by a tenant
 * that shares a joint project with the path's tenant passes here too, marked with those tenants
 * ({@link #PARTNER_ORIGIN}): the item's scope then accepts it only for an item those tenants take part in.
 */
@ApplicationScoped
public class CrossOrigin {

    private static final String PREFIX = "/api/v1/tenants/";
    private static final Set<String> ALLOWED_HEADERS = Set.of("accept", "accept-language", "content-type",
            "authorization", "if-none-match", "if-match", "voter-token", "receipt-token", "altcha", "last-event-id",
            "x-requested-with");
    private static final String EXPOSED = "ETag, API-Version, Location, Retry-After, Cache-Control";

    /** Routing-context key: the tenants (a {@code Set<String>}) whose allowed origin this write came from. */
    public static final String PARTNER_ORIGIN = "samen.partner-origin";

    private final TenantOrigins origins;

    public CrossOrigin(TenantOrigins origins) {
        this.origins = origins;
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, 200);
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String origin = request.getHeader("Origin");
        if (origin == null || !request.path().startsWith("/api/v1/")) {
            context.next();
            return;
        }
        HttpServerResponse response = context.response();
        response.headers().add("Vary", "Origin");
        String requestedMethod = request.getHeader("Access-Control-Request-Method");
        boolean preflight = request.method() == HttpMethod.OPTIONS && requestedMethod != null;
        String method = (preflight ? requestedMethod : request.method().name()).toUpperCase(Locale.ROOT);
        boolean read = method.equals("GET") || method.equals("HEAD");
        String tenant = tenantOf(request.path());
        boolean allowed = read || tenant != null && (origins.allows(tenant, origin) || sameOrigin(request, origin));
        if (!allowed && tenant != null) {
            Set<String> partners = origins.partnersAllowing(tenant, origin);
            if (!partners.isEmpty()) {
                context.put(PARTNER_ORIGIN, partners);
                allowed = true;
            }
        }
        if (!allowed) {
            refuse(response, tenant);
            return;
        }
        response.putHeader("Access-Control-Allow-Origin", read ? "*" : origin);
        if (preflight) {
            response.putHeader("Access-Control-Allow-Methods", read ? "GET, HEAD" : "GET, HEAD, " + method);
            String requestedHeaders = request.getHeader("Access-Control-Request-Headers");
            if (requestedHeaders != null) {
                String permitted = Arrays.stream(requestedHeaders.split(","))
                        .map(h -> h.trim().toLowerCase(Locale.ROOT))
                        .filter(ALLOWED_HEADERS::contains)
                        .collect(Collectors.joining(", "));
                if (!permitted.isEmpty()) {
                    response.putHeader("Access-Control-Allow-Headers", permitted);
                }
            }
            response.putHeader("Access-Control-Max-Age", "600");
            response.setStatusCode(204).end();
            return;
        }
        response.putHeader("Access-Control-Expose-Headers", EXPOSED);
        context.next();
    }

    /**
     * A page served by this service itself (the embed's iframe and demo pages) writes from its own origin; browsers
     * send Origin on such requests too. The Host header a browser sends is the service's, so a page elsewhere cannot
     * pass this check.
     */
    private static boolean sameOrigin(HttpServerRequest request, String origin) {
        String host = request.getHeader("Host");
        int scheme = origin.indexOf("://");
        return host != null && scheme > 0 && origin.substring(scheme + 3).equalsIgnoreCase(host);
    }

    private static void refuse(HttpServerResponse response, String tenant) {
        TenantPathGuard.answer(response, ProblemType.FORBIDDEN, "This web origin may not send changes to "
                + (tenant == null ? "this service" : "this municipality") + ".");
    }

    /** The tenant slug in /api/v1/tenants/{tenant}/..., or null. */
    static String tenantOf(String path) {
        if (!path.startsWith(PREFIX)) {
            return null;
        }
        int end = path.indexOf('/', PREFIX.length());
        return end < 0 ? path.substring(PREFIX.length()) : path.substring(PREFIX.length(), end);
    }
}
