package nl.sed.samen.consultation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import nl.sed.samen.participation.ParticipationScope;
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
        @Schema(description = "Whether residents can react right now: open, within its hours, in a published project, "
                + "and for everyone (a panel's consultation takes input only with an invitation)") boolean acceptingInput,
        @Schema(nullable = true) Instant openedAt,
        @Schema(nullable = true) Instant closedAt,
        @Schema(nullable = true, description = "What was done with the input (terugkoppeling), once published")
        Feedback feedback,
        Instant createdAt,
        Instant updatedAt) {

    @Schema(name = "Feedback")
    public record Feedback(String summary, String decision, @Schema(nullable = true) String decidedBy,
            @Schema(nullable = true) String changes, Instant publishedAt, @Schema(nullable = true) Instant updatedAt,
            @Schema(nullable = true, description = "Whether it came on or before the feedback due date") Boolean onTime) {
    }

    /** The consultation of this scope, as seen at {@code now}. */
    public static ConsultationResponse from(ParticipationScope scope, Instant now) {
        return from(scope.consultation(), scope.acceptsReactions(now) && scope.openToEveryone(), now);
    }

    public static ConsultationResponse from(Consultation c, boolean acceptingInput, Instant now) {
        Feedback feedback = c.feedbackPublishedAt() == null ? null : new Feedback(c.feedbackSummary(),
                c.feedbackDecision(), c.feedbackDecidedBy(), c.feedbackChanges(), c.feedbackPublishedAt(),
                c.feedbackUpdatedAt(), c.feedbackOnTime());
        return new ConsultationResponse(c.id(), c.tenant(), c.projectId(), c.title(), c.question(), c.description(),
                c.participationLevel(), c.openForInput(), c.fixed(), c.decisionMaker(), c.opensAt(), c.closesAt(),
                c.feedbackDueDate(), c.moderationMode(), c.audience(), c.status(now), acceptingInput,
                c.openedAt(), c.closedAt(now), feedback, c.createdAt(), c.updatedAt());
    }
}
