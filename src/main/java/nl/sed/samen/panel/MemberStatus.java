package nl.sed.samen.panel;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A sign-up is unconfirmed until the link in its confirmation mail is used; under 16 it then waits for a parent or
 * guardian to confirm through the link sent to their address; only then is it active (and invited). What each link
 * may do is here, in one place.
 */
public enum MemberStatus {
    @JsonProperty("unconfirmed") UNCONFIRMED,
    @JsonProperty("awaiting-guardian") AWAITING_GUARDIAN,
    @JsonProperty("active") ACTIVE;

    /** Where the member's own confirmation leads: under 16, to the guardian's consent. */
    static MemberStatus afterConfirmation(boolean underSixteen) {
        return underSixteen ? AWAITING_GUARDIAN : ACTIVE;
    }
}
