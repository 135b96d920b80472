package nl.sed.samen.tenancy;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether reactions appear at once and are reviewed afterwards ({@code post}), or only after approval ({@code pre}). */
public enum ModerationMode {
    @JsonProperty("pre") PRE,
    @JsonProperty("post") POST
}
