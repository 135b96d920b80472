package nl.sed.samen.feedback;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.sed.samen.common.GroupCount;
import nl.sed.samen.panel.PanelFigures;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The impact meter (impactmeter): how a tenant's participation is doing, over all its consultations or one project's. */
@Schema(name = "ImpactMeter")
public record ImpactMeter(
        String tenant, @Schema(description = "The municipality's name") String municipality,
        @Schema(nullable = true) UUID projectId, @Schema(nullable = true) String projectTitle,
        @Schema(description = "Consultations that are not drafts") long consultations,
        @Schema(description = "Consultations per rung of the participation ladder") Map<String, Long> consultationsPerLevel,
        @Schema(description = "Reactions received (not withdrawn)") long reactions,
        @Schema(description = "Votes cast (ballots)") long votes,
        @Schema(description = "Share of participants under 25, among those who gave an age band") Share youth,
        @Schema(description = "Share of published reactions with an official reply") Share officialReplies,
        @Schema(nullable = true, description = "Median minutes from submission to first moderation decision")
        Double medianModerationMinutes,
        FeedbackFigures feedback,
        @Schema(description = "Closed consultations whose feedback is past its due date, longest overdue first "
                + "(at most 100; feedback.overdue counts them all)") List<Overdue> overdue,
        @Schema(nullable = true, description = "The year asked for: only consultations that opened in it (Dutch time)")
        Integer year,
        @Schema(description = "Shares of participants over fewer than this (either side) are suppressed")
        int minimumGroupSize,
        Instant generatedAt,
        @Schema(description = "The panels: members living here per age band, response per panel consultation")
        PanelFigures.OfTenant panel,
        @Schema(description = "The same input per municipality through whose site (path) it came: the tenant's own, "
                + "and for joint consultations the other municipalities taking part")
        ByMunicipality byMunicipality) {

    /** Reactions, ballots and their youth share per municipality (group: tenant slug), suppressed. */
    @Schema(name = "ImpactByMunicipality")
    public record ByMunicipality(List<GroupCount> reactions, List<GroupCount> votes, List<GroupCount> reach,
            List<ParticipationReport.MunicipalShare> youth) {
    }

    /**
     * A share of participants. The count and the share are suppressed when the group or the rest of it is smaller
     * than {@link GroupCount#MINIMUM}, since either can be had from the other and {@code of}.
     */
    @Schema(name = "ImpactShare")
    public record Share(long of,
            @Schema(nullable = true, description = "How many; null when suppressed") Long count,
            @Schema(nullable = true, description = "count / of, 0 to 1; null when suppressed or of is 0") Double share,
            @Schema(description = "True when the group or the rest is smaller than minimumGroupSize") boolean suppressed) {

        static Share of(long count, long of) {
            if (count < GroupCount.MINIMUM || of - count < GroupCount.MINIMUM) {
                return new Share(of, null, null, of > 0);
            }
            return new Share(of, count, Math.round(count * 1000.0 / of) / 1000.0, false);
        }
    }

    @Schema(name = "ImpactFeedback")
    public record FeedbackFigures(long reported, long onTime,
            @Schema(nullable = true, description = "onTime / reported") Double onTimeShare, long overdue) {
    }

    @Schema(name = "OverdueFeedback")
    public record Overdue(UUID consultationId, String title, LocalDate feedbackDueDate, long daysOverdue) {
    }
}
