package nl.sed.samen.poll;

import java.util.List;
import java.util.UUID;
import nl.sed.samen.common.GroupCount;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Votes per option by self-reported age band and area, with small groups suppressed. */
@Schema(name = "PollBreakdown")
public record PollBreakdown(UUID pollId, long totalVotes,
        @Schema(description = "Groups with fewer votes than this are suppressed") int minimumGroupSize,
        List<OptionBreakdown> options) {

    @Schema(name = "PollOptionBreakdown")
    public record OptionBreakdown(UUID id, String label, long votes, List<GroupCount> byAgeBand,
            List<GroupCount> byArea) {
    }
}
