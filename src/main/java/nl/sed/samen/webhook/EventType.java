package nl.sed.samen.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Optional;

/** What a subscription may hear of. Each happens once per entity ({@code webhook_transition} holds that). */
public enum EventType {
    @JsonProperty("project.published") PROJECT_PUBLISHED("project.published"),
    @JsonProperty("consultation.opened") CONSULTATION_OPENED("consultation.opened"),
    @JsonProperty("consultation.closed") CONSULTATION_CLOSED("consultation.closed"),
    @JsonProperty("consultation.reported") CONSULTATION_REPORTED("consultation.reported"),
    @JsonProperty("poll.opened") POLL_OPENED("poll.opened"),
    @JsonProperty("poll.closed") POLL_CLOSED("poll.closed"),
    @JsonProperty("reaction.published") REACTION_PUBLISHED("reaction.published");

    /** The type of "send a test event": sent to one subscription on request, whatever it subscribes to. */
    public static final String TEST = "webhook.test";

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<EventType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst();
    }
}
