package nl.sed.samen.reaction;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why a resident flags a reaction. */
public enum FlagReason {
    @JsonProperty("spam") SPAM,
    @JsonProperty("offensive") OFFENSIVE,
    @JsonProperty("personal-data") PERSONAL_DATA,
    @JsonProperty("off-topic") OFF_TOPIC,
    @JsonProperty("other") OTHER
}
