package nl.sed.samen.poll;

import java.util.List;
import java.util.UUID;
import nl.sed.samen.common.GroupCount;
import nl.sed.samen.defence.BallotAllowance;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Votes per option by self-reported age band and area, with small groups suppressed. */
@Schema(name = "PollBreakdown")
public record PollBreakdown(UUID pollId, long totalVotes,
        @Schema(description = "Groups with fewer votes than this are suppressed") int minimumGroupSize,
        List<OptionBreakdown> options,
        @Schema(description = "How many ballots came from networks that cast more than half the per-network daily "
                + "allowance in this poll") BallotAllowance.Integrity integrity) {

    public PollBreakdown(UUID pollId, long totalVotes, int minimumGroupSize, List<OptionBreakdown> options) {
        this(pollId, totalVotes, minimumGroupSize, options, null);
    }

    public PollBreakdown withIntegrity(BallotAllowance.Integrity figure) {
        return new PollBreakdown(pollId, totalVotes, minimumGroupSize, options, figure);
    }

    @Schema(name = "PollOptionBreakdown")
    public record OptionBreakdown(UUID id, String label, long votes, List<GroupCount> byAgeBand,
            List<GroupCount> byArea) {
    }
}
