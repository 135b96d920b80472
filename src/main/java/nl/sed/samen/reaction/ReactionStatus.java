package nl.sed.samen.reaction;

import com.fasterxml.jackson.annotation.JsonProperty;

/** pending → published | rejected; published → hidden → published; any → withdrawn by its author. */
public enum ReactionStatus {
    @JsonProperty("pending") PENDING,
    @JsonProperty("published") PUBLISHED,
    @JsonProperty("rejected") REJECTED,
    @JsonProperty("hidden") HIDDEN,
    @JsonProperty("withdrawn") WITHDRAWN
}
