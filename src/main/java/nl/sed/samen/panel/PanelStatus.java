package nl.sed.samen.panel;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An open panel takes new members; a closed one keeps its members and invitations but takes no sign-ups. */
public enum PanelStatus {
    @JsonProperty("open") OPEN,
    @JsonProperty("closed") CLOSED
}
