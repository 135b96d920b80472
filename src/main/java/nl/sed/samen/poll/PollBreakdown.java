package nl.sed.samen.poll;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Votes per option by self-reported age band and area, with small groups suppressed. */
@Schema(name = "PollBreakdown")
public record PollBreakdown(UUID pollId, long totalVotes,
        @Schema(description = "Groups with fewer votes than this are suppressed") int minimumGroupSize,
        List<OptionBreakdown> options) {

    @Schema(name = "PollOptionBreakdown")
    public record OptionBreakdown(UUID id, String label, long votes, List<Group> byAgeBand, List<Group> byArea) {
    }

    @Schema(name = "BreakdownGroup")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Group(
            @Schema(description = "The age band or area; unknown when not given") String group,
            @Schema(description = "Votes, absent when suppressed") Long votes,
            boolean suppressed) {
    }
}
