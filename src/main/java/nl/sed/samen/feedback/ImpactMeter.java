package nl.sed.samen.feedback;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The impact meter (impactmeter): how a tenant's participation is doing, over all its consultations or one project's. */
@Schema(name = "ImpactMeter")
public record ImpactMeter(
        String tenant, @Schema(nullable = true) UUID projectId,
        @Schema(description = "Consultations that are not drafts") long consultations,
        @Schema(description = "Consultations per rung of the participation ladder") Map<String, Long> consultationsPerLevel,
        @Schema(description = "Reactions received (not withdrawn)") long reactions,
        @Schema(description = "Votes cast (ballots)") long votes,
        @Schema(description = "Share of participants under 25, among those who gave an age band") Share youth,
        @Schema(description = "Share of published reactions with an official reply") Share officialReplies,
        @Schema(nullable = true, description = "Median minutes from submission to first moderation decision")
        Double medianModerationMinutes,
        FeedbackFigures feedback,
        @Schema(description = "Closed consultations whose feedback is past its due date") List<Overdue> overdue,
        Instant generatedAt) {

    @Schema(name = "ImpactShare")
    public record Share(long of, long count, @Schema(nullable = true, description = "count / of, 0 to 1") Double share) {
    }

    @Schema(name = "ImpactFeedback")
    public record FeedbackFigures(long reported, long onTime,
            @Schema(nullable = true, description = "onTime / reported") Double onTimeShare, long overdue) {
    }

    @Schema(name = "OverdueFeedback")
    public record Overdue(UUID consultationId, String title, LocalDate feedbackDueDate, long daysOverdue) {
    }
}
