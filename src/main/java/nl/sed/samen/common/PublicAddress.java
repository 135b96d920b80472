package nl.sed.samen.common;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The address residents and websites reach the service at, per tenant: {@code samen.public-base-url}, where
 * {@code {tenant}} stands for the tenant's slug (each municipality has its own host, e.g.
 * {@code https://samen.{tenant}.nl}). One setting for every link the service hands out: the unsubscribe link in
 * mails, and the script, stylesheet and iframe addresses in the officials' embed snippets. Behind the Ingress the
 * address a request came in on is an internal one, so nothing is derived from the request. The address is an origin
 * (scheme, host, port): the API lives under {@code /api/v1} and the widgets under {@code /embed/v1} of it.
 */
@ApplicationScoped
public class PublicAddress {

    private final String template;

    public PublicAddress(@ConfigProperty(name = "samen.public-base-url") String template) {
        this.template = template.replaceAll("/+$", "");
    }

    /** The tenant's public base URL, without a trailing slash (e.g. {@code https://samen.enkhuizen.nl}). */
    public String of(String tenant) {
        return template.replace("{tenant}", tenant);
    }

    /** The tenant's public origin: scheme, host and port, without a path. */
    public String origin(String tenant) {
        URI base = URI.create(of(tenant));
        return base.getScheme() + "://" + base.getRawAuthority();
    }
}
