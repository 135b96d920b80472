package nl.sed.samen.reaction;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a moderator decides about a reaction. */
public enum Decision {
    @JsonProperty("approve") APPROVE,
    @JsonProperty("reject") REJECT,
    @JsonProperty("hide") HIDE,
    @JsonProperty("restore") RESTORE
}
