package nl.sed.samen.poll;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Open polls take anonymous voter tokens; code polls take single-use codes handed out to a panel or households. */
public enum VotingMode {
    @JsonProperty("open") OPEN,
    @JsonProperty("code") CODE
}
