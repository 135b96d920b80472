package nl.sed.samen.common;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Self-reported age bands, optional on votes and reactions, for the impact meter. */
public enum AgeBand {
    @JsonProperty("under-16") UNDER_16,
    @JsonProperty("16-17") AGE_16_17,
    @JsonProperty("18-24") AGE_18_24,
    @JsonProperty("25-44") AGE_25_44,
    @JsonProperty("45-64") AGE_45_64,
    @JsonProperty("65-plus") AGE_65_PLUS;

    /** Youth, as the impact meter counts it: under 25. */
    public boolean isYouth() {
        return this == UNDER_16 || this == AGE_16_17 || this == AGE_18_24;
    }
}
