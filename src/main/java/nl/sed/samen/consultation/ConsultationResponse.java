package nl.sed.samen.consultation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import nl.sed.samen.tenancy.ModerationMode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Consultation")
public record ConsultationResponse(
        UUID id,
        String tenant,
        UUID projectId,
        String title,
        @Schema(nullable = true) String question,
        @Schema(nullable = true) String description,
        @Schema(nullable = true) ParticipationLevel participationLevel,
        @Schema(nullable = true) String openForInput,
        @Schema(nullable = true) String fixed,
        @Schema(nullable = true) String decisionMaker,
        @Schema(nullable = true) Instant opensAt,
        @Schema(nullable = true) Instant closesAt,
        @Schema(nullable = true) LocalDate feedbackDueDate,
        ModerationMode moderationMode,
        Audience audience,
        ConsultationStatus status,
        @Schema(description = "Whether residents can react right now") boolean acceptingInput,
        @Schema(nullable = true) Instant openedAt,
        @Schema(nullable = true) Instant closedAt,
        Instant createdAt,
        Instant updatedAt) {

    public static ConsultationResponse from(Consultation c, Instant now) {
        return new ConsultationResponse(c.id(), c.tenant(), c.projectId(), c.title(), c.question(), c.description(),
                c.participationLevel(), c.openForInput(), c.fixed(), c.decisionMaker(), c.opensAt(), c.closesAt(),
                c.feedbackDueDate(), c.moderationMode(), c.audience(), c.status(now), c.acceptsInput(now),
                c.openedAt(), c.closedAt(now), c.createdAt(), c.updatedAt());
    }
}
