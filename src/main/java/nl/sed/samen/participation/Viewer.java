package nl.sed.samen.participation;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.poll.VoterTokens;
import nl.sed.samen.security.Official;
import nl.sed.samen.security.Role;

/**
 * Who is looking at (or writing to) one tenant, resolved once per request by {@link Viewers}: a resident (no token), a
 * voter (a verified voter token), or an official with at least one role for this tenant. A bearer token that grants no
 * role here (for another tenant, or {@code groups: []}) is a resident for everything residents may do; it only counts
 * when an official's endpoint asks {@link #requireRole}, which tells it why it is refused.
 */
public final class Viewer {

    /** The three kinds of caller the rules distinguish. */
    public enum Kind { RESIDENT, VOTER, OFFICIAL }

    private final String tenant;
    private final Official caller;
    private final VoterTokens.Voter voter;
    private final java.util.Set<String> originTenants;

    private Viewer(String tenant, Official caller, VoterTokens.Voter voter, java.util.Set<String> originTenants) {
        this.tenant = Objects.requireNonNull(tenant);
        this.caller = caller;
        this.voter = voter;
        this.originTenants = originTenants;
    }

    /** An anonymous resident. */
    public static Viewer resident(String tenant) {
        return new Viewer(tenant, null, null, null);
    }

    /** Whoever holds this token (null: none) and voter token (null: none), for this tenant. */
    public static Viewer of(String tenant, Official caller, VoterTokens.Voter voter) {
        return new Viewer(tenant, caller, voter, null);
    }

    Viewer withVoter(VoterTokens.Voter voter) {
        return new Viewer(tenant, caller, voter, originTenants);
    }

    /** The same viewer writing from a web origin that only these (partner) tenants allow. */
    Viewer fromOriginOf(java.util.Set<String> tenants) {
        return new Viewer(tenant, caller, voter, tenants == null ? null : java.util.Set.copyOf(tenants));
    }

    /**
     * Null when the request came from no web origin, the service's own, or one this tenant allows; otherwise the
     * tenants sharing a joint project with this one that allow the origin (the HTTP layer let nothing else through).
     */
    public java.util.Set<String> originTenants() {
        return originTenants;
    }

    public Kind kind() {
        if (isOfficial()) {
            return Kind.OFFICIAL;
        }
        return voter != null ? Kind.VOTER : Kind.RESIDENT;
    }

    /** An official with a role for this tenant: sees drafts, hidden reactions and results always. */
    public boolean isOfficial() {
        return caller != null && !caller.rolesFor(tenant).isEmpty();
    }

    public String tenant() {
        return tenant;
    }

    /**
     * Whether this viewer holds a panel invitation's participation right for this consultation (a used invitation's
     * participation token, sent as the Voter-Token): the one way into a panel consultation.
     */
    public boolean invitedTo(java.util.UUID consultationId) {
        return voter != null && voter.admitsTo(consultationId);
    }

    /** The verified voter token, or null (officials vote like anyone else: with a voter token). */
    public VoterTokens.Voter voter() {
        return voter;
    }

    /**
     * The official acting for this tenant with one of these roles (admin is always allowed): 401 without a valid
     * token, 403 for a token that does not grant this tenant or these roles.
     */
    public Official requireRole(Role... roles) {
        if (caller == null) {
            throw ProblemException.unauthorized("A valid bearer token is required.");
        }
        if (!caller.actsFor(tenant)) {
            throw ProblemException.forbidden("Your token does not grant access to this tenant.");
        }
        if (!caller.hasAnyRole(tenant, roles)) {
            throw ProblemException.forbidden("This needs the role "
                    + Arrays.stream(roles).map(Role::claim).collect(Collectors.joining(" or ")) + ".");
        }
        return caller;
    }

    @Override
    public String toString() {
        return kind().name().toLowerCase(java.util.Locale.ROOT) + "@" + tenant;
    }
}
