package nl.sed.samen.poll;

import com.fasterxml.jackson.annotation.JsonProperty;

/** draft → open → closed; an open poll also closes by itself at {@code closesAt}. */
public enum PollStatus {
    @JsonProperty("draft") DRAFT,
    @JsonProperty("open") OPEN,
    @JsonProperty("closed") CLOSED
}
