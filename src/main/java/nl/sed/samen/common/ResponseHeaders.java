package nl.sed.samen.common;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Headers every response carries, whichever part of the service wrote it: the API version (NL API Design Rules), and the
 * security headers for a JSON API. A response that did not decide its own caching is not cached.
 */
@ApplicationScoped
public class ResponseHeaders {

    @ConfigProperty(name = "samen.api-version")
    String apiVersion;

    void register(@Observes Filters filters) {
        filters.register(context -> {
            MultiMap headers = context.response().headers();
            headers.set("API-Version", apiVersion);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
            headers.set("Referrer-Policy", "no-referrer");
            boolean secure = context.request().isSSL()
                    || "https".equalsIgnoreCase(context.request().getHeader("X-Forwarded-Proto"));
            if (secure) {
                headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
            }
            context.addHeadersEndHandler(ignored -> {
                if (!headers.contains("Cache-Control")) {
                    headers.set("Cache-Control", "no-store");
                }
            });
            context.next();
        }, 300);
    }
}
