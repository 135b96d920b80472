package nl.sed.samen.participation;

import jakarta.enterprise.context.RequestScoped;
import java.util.HashMap;
import java.util.Map;
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
    private final Map<String, Viewer> resolved = new HashMap<>(2);

    public Viewers(Officials officials, VoterTokens voterTokens) {
        this.officials = officials;
        this.voterTokens = voterTokens;
    }

    /** The caller as seen by this tenant. */
    public Viewer of(String tenant) {
        return resolved.computeIfAbsent(tenant, t -> Viewer.of(t, officials.current().orElse(null), null));
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
