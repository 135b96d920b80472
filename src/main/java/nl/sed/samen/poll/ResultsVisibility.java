package nl.sed.samen.poll;

import com.fasterxml.jackson.annotation.JsonProperty;

/** When residents see the counts: always, once they have voted, or only after the poll closes. */
public enum ResultsVisibility {
    @JsonProperty("always") ALWAYS,
    @JsonProperty("after-vote") AFTER_VOTE,
    @JsonProperty("after-close") AFTER_CLOSE
}
