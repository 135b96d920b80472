package nl.sed.samen.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A count for one group of participants (an age band or a village). Groups of 1 to {@link #MINIMUM} are suppressed,
 * so no one's contribution can be singled out in a breakdown or report.
 */
@Schema(name = "GroupCount")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroupCount(
        @Schema(description = "The age band or village; unknown when not given") String group,
        @Schema(description = "How many; absent when suppressed") Long count,
        boolean suppressed) {

    public static final int MINIMUM = 5;

    /** The groups in name order, with small ones suppressed. */
    public static List<GroupCount> of(Map<String, Long> counts) {
        if (counts == null) {
            return List.of();
        }
        return counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getValue() < MINIMUM ? new GroupCount(e.getKey(), null, true)
                        : new GroupCount(e.getKey(), e.getValue(), false))
                .toList();
    }
}
