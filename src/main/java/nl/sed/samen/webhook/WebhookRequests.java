package nl.sed.samen.webhook;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import nl.sed.samen.common.PlainText;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What admins send to manage a tenant's webhook subscriptions. */
public final class WebhookRequests {

    private WebhookRequests() {
    }

    @Schema(name = "CreateWebhook")
    public record Create(
            @NotNull @Size(max = TargetGuard.MAX_URL_LENGTH)
            @Schema(description = "Where to POST the events: https (http only in development)",
                    example = "https://www.enkhuizen.nl/samen-webhook") String url,
            @NotEmpty @Size(max = 20) @Schema(description = "The events to send; each at most once per list")
            List<@NotNull EventType> eventTypes,
            @Size(max = 200) @PlainText(oneLine = true) @Schema(example = "Nieuwsberichten op de gemeentesite")
            String description,
            @Schema(description = "Whether events are sent (default true)") Boolean active) {
    }

    @Schema(name = "UpdateWebhook", description = "Only the fields sent are changed. Setting active to true again "
            + "after the service disabled the subscription also clears its failure count.")
    public record Update(
            @Size(max = TargetGuard.MAX_URL_LENGTH) String url,
            @Size(min = 1, max = 20) List<@NotNull EventType> eventTypes,
            @Size(max = 200) @PlainText(oneLine = true) String description,
            Boolean active) {
    }

    @Schema(name = "RotateWebhookSecret")
    public record Rotate(
            @Min(0) @Max(10080) @Schema(description = "Minutes the previous secret still signs (default 1440; 0 stops "
                    + "it at once, after a leak)") Integer overlapMinutes) {
    }
}
