package nl.sed.samen.poll;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A poll with its options and, when the caller may see them, the exact results. */
@Schema(name = "Poll")
public record PollResponse(
        UUID id,
        String tenant,
        UUID consultationId,
        String question,
        List<Option> options,
        int maxChoices,
        ResultsVisibility resultsVisibility,
        VotingMode votingMode,
        @Schema(nullable = true) Instant opensAt,
        @Schema(nullable = true) Instant closesAt,
        PollStatus status,
        @Schema(description = "Whether the poll takes votes right now: it and its consultation are open and "
                + "within their hours, in a published project, for everyone") boolean acceptingVotes,
        @Schema(description = "Whether options[].votes and totalVotes are included") boolean resultsVisible,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Number of ballots cast; only when results are visible") Long totalVotes,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Whether the Voter-Token sent has voted in this poll; only when one was sent")
        Boolean hasVoted,
        @Schema(nullable = true) Instant openedAt,
        @Schema(nullable = true) Instant closedAt,
        Instant createdAt,
        Instant updatedAt) {

    @Schema(name = "PollOption")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Option(UUID id, String label,
            @Schema(description = "Votes for this option, when results are visible") Long votes) {
    }

    static PollResponse from(PollView view) {
        Poll poll = view.poll();
        Instant now = view.at();
        boolean resultsVisible = view.tally() != null;
        List<Option> options = poll.options().stream()
                .map(o -> new Option(o.id(), o.label(), resultsVisible ? view.tally().votes(o.id()) : null))
                .toList();
        return new PollResponse(poll.id(), poll.tenant(), poll.consultationId(), poll.question(), options,
                poll.maxChoices(), poll.resultsVisibility(), poll.votingMode(), poll.opensAt(), poll.closesAt(),
                poll.status(now), view.acceptingVotes(), resultsVisible,
                resultsVisible ? view.tally().ballots() : null, view.hasVoted(), poll.openedAt(), poll.closedAt(now),
                poll.createdAt(), poll.updatedAt());
    }
}
