package nl.sed.samen.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A count for one group of participants (an age band or a village), with small groups suppressed so no one's
 * contribution can be singled out in a breakdown or report — also not by subtraction from a total shown beside it.
 * The rule is in {@link #of}.
 */
@Schema(name = "GroupCount")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroupCount(
        @Schema(description = "The age band or village; unknown when not given") String group,
        @Schema(description = "How many; absent when suppressed") Long count,
        boolean suppressed) {

    public static final int MINIMUM = 5;

    /**
     * The groups in name order, suppressed so that the list cannot be undone by subtraction from its total (which the
     * same response usually shows): a group of 1 to 4 is hidden (primary suppression); while the hidden groups are
     * only one, or add up to fewer than 5, the smallest shown group is hidden too (secondary suppression), so the
     * total minus the shown groups never gives one group's count, nor a sum below 5. A list whose total is below 5 is
     * empty: with one group, its count would be the total.
     */
    public static List<GroupCount> of(Map<String, Long> counts) {
        if (counts == null) {
            return List.of();
        }
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        if (total < MINIMUM) {
            return List.of();
        }
        Set<String> hidden = new HashSet<>();
        long hiddenSum = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (e.getValue() > 0 && e.getValue() < MINIMUM) {
                hidden.add(e.getKey());
                hiddenSum += e.getValue();
            }
        }
        List<Map.Entry<String, Long>> smallestFirst = new ArrayList<>(counts.entrySet());
        smallestFirst.sort(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        for (Map.Entry<String, Long> e : smallestFirst) {
            if (hidden.isEmpty() || hidden.size() > 1 && hiddenSum >= MINIMUM) {
                break;
            }
            if (e.getValue() > 0 && hidden.add(e.getKey())) {
                hiddenSum += e.getValue();
            }
        }
        return counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .map(e -> hidden.contains(e.getKey()) ? new GroupCount(e.getKey(), null, true)
                        : new GroupCount(e.getKey(), e.getValue(), false))
                .toList();
    }
}
