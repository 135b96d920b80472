package nl.sed.samen.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A subscription as admins see it; the secret only in the answer that made it. */
@Schema(name = "Webhook")
public record WebhookResponse(
        UUID id,
        String url,
        List<EventType> eventTypes,
        @Schema(nullable = true) String description,
        @Schema(description = "False when an admin paused it or the service disabled it after failures") boolean active,
        @Schema(description = "Failed attempts in a row") int consecutiveFailures,
        @Schema(nullable = true, description = "When the service disabled it") Instant disabledAt,
        @Schema(nullable = true, description = "Until when the previous secret still signs, during a rotation")
        Instant previousSecretUntil,
        Instant createdAt,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "The signing secret (whsec_ + base64), only in the answer to create and rotation: it is "
                + "shown once") String secret) {

    static WebhookResponse from(WebhookSubscription s) {
        return new WebhookResponse(s.id(), s.url(), List.copyOf(s.eventTypes()), s.description(), s.active(),
                s.consecutiveFailures(), s.disabledAt(), s.previousSecretUntil(), s.createdAt(), s.updatedAt(), null);
    }

    WebhookResponse withSecret(String shownOnce) {
        return new WebhookResponse(id, url, eventTypes, description, active, consecutiveFailures, disabledAt,
                previousSecretUntil, createdAt, updatedAt, shownOnce);
    }
}
