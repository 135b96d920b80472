package nl.sed.samen.participation;

import jakarta.enterprise.context.RequestScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import nl.sed.samen.tenancy.CrossOrigin;
import nl.sed.samen.poll.VoterTokens;
import nl.sed.samen.security.Officials;

/**
 * Resolves the request's {@link Viewer} once: the bearer token is read and checked (an invalid one is a 401 even on a
 * public GET), and a voter token, where an endpoint takes one, is verified for the tenant.
 */
@RequestScoped
public class Viewers {

    private final Officials officials;
    private final VoterTokens voterTokens;
    private final CurrentVertxRequest request;
    private final Map<String, Viewer> resolved = new HashMap<>(2);

    public Viewers(Officials officials, VoterTokens voterTokens, CurrentVertxRequest request) {
        this.officials = officials;
        this.voterTokens = voterTokens;
        this.request = request;
    }

    /** The caller as seen by this tenant (and the partner tenants whose origin a write came from, if so). */
    public Viewer of(String tenant) {
        return resolved.computeIfAbsent(tenant, t -> Viewer.of(t, officials.current().orElse(null), null)
                .fromOriginOf(partnerOrigin()));
    }

    private Set<String> partnerOrigin() {
        RoutingContext context = request.getCurrent();
        return context == null ? null : context.get(CrossOrigin.PARTNER_ORIGIN);
    }

    /** The caller with the voter token they sent (null: none); a forged, expired or foreign token is a 401. */
    public Viewer of(String tenant, String voterToken) {
        Viewer viewer = of(tenant);
        if (voterToken == null) {
            return viewer;
        }
        Viewer withVoter = viewer.withVoter(voterTokens.verify(tenant, voterToken));
        resolved.put(tenant, withVoter);
        return withVoter;
    }
}
