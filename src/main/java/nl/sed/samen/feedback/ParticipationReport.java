package nl.sed.samen.feedback;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.sed.samen.panel.PanelFigures;
import nl.sed.samen.common.GroupCount;
import nl.sed.samen.consultation.Audience;
import nl.sed.samen.consultation.ConsultationStatus;
import nl.sed.samen.consultation.ParticipationLevel;
import nl.sed.samen.tenancy.ModerationMode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The participation report (participatieverslag) of one consultation: who took part and how, what came out of it and
 * what was done with it. It holds figures and official texts only: no e-mail address, name or resident's text.
 */
@Schema(name = "ParticipationReport")
public record ParticipationReport(
        UUID consultationId, UUID projectId, String tenant,
        @Schema(description = "The municipality's name") String municipality, String projectTitle,
        String title, @Schema(nullable = true) String question,
        @Schema(nullable = true) ParticipationLevel participationLevel, @Schema(nullable = true) String openForInput,
        @Schema(nullable = true) String fixed, @Schema(nullable = true) String decisionMaker,
        ModerationMode moderationMode, Audience audience, ConsultationStatus status,
        Dates dates, Reactions reactions, List<PollResult> polls, Participants participants,
        @Schema(description = "Input per day (Dutch time), days without input left out: reactions not withdrawn, "
                + "and ballots") List<Day> timeline,
        @Schema(nullable = true) Feedback feedback, int minimumGroupSize, Instant generatedAt,
        @Schema(description = "For a panel's consultation: per invited panel, invitations and the response")
        List<PanelFigures.ResponseRate> panelResponse,
        @Schema(nullable = true, description = "For a joint consultation: the figures per municipality taking part, "
                + "counted by the municipality through whose site (path) the input came; null for a consultation of "
                + "one municipality, whose figures above are its own") ByMunicipality byMunicipality) {

    /**
     * A joint consultation's figures per municipality (group: the tenant's slug), each list suppressed by the
     * {@link GroupCount} rule; the totals above are the whole.
     */
    @Schema(name = "ReportByMunicipality")
    public record ByMunicipality(
            @Schema(description = "Reactions (not withdrawn) per municipality") List<GroupCount> reactions,
            @Schema(description = "Ballots per municipality") List<GroupCount> votes,
            @Schema(description = "Reactions and ballots together: the participants reached per municipality; empty "
                    + "while a group of either list is suppressed (the sum would give it away)") List<GroupCount> reach,
            @Schema(description = "Share of participants under 25 per municipality; empty while any municipality's "
                    + "share is suppressed (the whole's share would give it away)") List<MunicipalShare> youth,
            @Schema(description = "Every poll that is not a draft: votes per option per municipality")
            List<PollByMunicipality> polls) {
    }

    @Schema(name = "ReportMunicipalShare")
    public record MunicipalShare(String tenant, ImpactMeter.Share share) {
    }

    @Schema(name = "ReportPollByMunicipality")
    public record PollByMunicipality(UUID pollId, String tenant,
            @Schema(description = "Votes per option label; empty when suppressed") List<GroupCount> options,
            @Schema(description = "True when any municipality has an option with 1 to 4 votes in this poll: then no "
                    + "municipality's split of it is shown, since the poll's whole result beside it would give the "
                    + "small one away") boolean suppressed) {
    }

    @Schema(name = "ReportDates")
    public record Dates(Instant createdAt, @Schema(nullable = true) Instant opensAt,
            @Schema(nullable = true) Instant openedAt, @Schema(nullable = true) Instant closesAt,
            @Schema(nullable = true) Instant closedAt, @Schema(nullable = true) LocalDate feedbackDueDate,
            @Schema(nullable = true) Instant feedbackPublishedAt) {
    }

    @Schema(name = "ReportReactions")
    public record Reactions(
            @Schema(description = "All reactions received, withdrawn ones included") long received,
            @Schema(description = "Per status: pending, published, rejected, hidden, withdrawn") Map<String, Long> byStatus,
            @Schema(description = "Reactions with an official reply") long withOfficialReply,
            @Schema(description = "Reactions that received a moderation decision") long moderated,
            @Schema(nullable = true, description = "Median minutes from submission to first decision")
            Double medianModerationMinutes,
            @Schema(nullable = true, description = "90th percentile of the same") Double p90ModerationMinutes) {
    }

    @Schema(name = "ReportPoll")
    public record PollResult(UUID id, String question, String status, long totalVotes, List<Option> options) {

        @Schema(name = "ReportPollOption")
        public record Option(String label, long votes) {
        }
    }

    @Schema(name = "ReportParticipants")
    public record Participants(List<GroupCount> reactionsByAgeBand, List<GroupCount> reactionsByArea,
            List<GroupCount> votesByAgeBand, List<GroupCount> votesByArea,
            @Schema(nullable = true, description = "Share of participants under 25 among reactions and votes with an "
                    + "age band, as the impact meter counts it; null while an age band above is suppressed (the share "
                    + "would split the hidden groups)") ImpactMeter.Share youth) {
    }

    @Schema(name = "ReportDay")
    public record Day(LocalDate date, long reactions, long votes) {
    }

    @Schema(name = "ReportFeedback")
    public record Feedback(String summary, String decision, @Schema(nullable = true) String decidedBy,
            @Schema(nullable = true) String changes, Instant publishedAt,
            @Schema(nullable = true, description = "On or before the feedback due date") Boolean onTime) {
    }
}
