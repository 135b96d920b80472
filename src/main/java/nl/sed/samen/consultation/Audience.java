package nl.sed.samen.consultation;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who is asked: every resident, or a panel (such as the youth panel) reached with voting codes. */
public enum Audience {
    @JsonProperty("everyone") EVERYONE,
    @JsonProperty("panel") PANEL
}
