package nl.sed.samen.consultation;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The rungs of the participation ladder (participatieladder), lowest to highest. */
public enum ParticipationLevel {
    /** informeren */
    @JsonProperty("inform") INFORM,
    /** raadplegen */
    @JsonProperty("consult") CONSULT,
    /** adviseren */
    @JsonProperty("advise") ADVISE,
    /** coproduceren */
    @JsonProperty("coproduce") COPRODUCE,
    /** meebeslissen */
    @JsonProperty("codecide") CODECIDE
}
