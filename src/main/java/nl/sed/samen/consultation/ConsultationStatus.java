package nl.sed.samen.consultation;

import com.fasterxml.jackson.annotation.JsonProperty;

/** draft → open → closed → reported; reported only by publishing feedback. */
public enum ConsultationStatus {
    @JsonProperty("draft") DRAFT,
    @JsonProperty("open") OPEN,
    @JsonProperty("closed") CLOSED,
    @JsonProperty("reported") REPORTED
}
