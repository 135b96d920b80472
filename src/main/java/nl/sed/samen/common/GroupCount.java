package nl.sed.samen.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
     * same response usually shows), even by a reader who knows this rule: a group of 1 to 4 is hidden (primary
     * suppression); then, while fewer than two groups are hidden, or the hidden ones add up to fewer than 5, or to
     * exactly 1 or 4 per hidden group (all 1s or all 4s, which the sum would give away), the next group in name order
     * after the last small one is hidden too (secondary suppression, chosen by name and not by size so its position
     * tells nothing about its count). A list without any group of 5 or more is empty. {@code GroupCountTest} proves by exhaustive search that
     * no hidden count follows from the total and the shown counts.
     */
    public static List<GroupCount> of(Map<String, Long> counts) {
        if (counts == null) {
            return List.of();
        }
        List<Map.Entry<String, Long>> groups = counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder())).toList();
        if (groups.stream().noneMatch(e -> e.getValue() >= MINIMUM)) {
            return List.of();
        }
        boolean[] hidden = new boolean[groups.size()];
        int hiddenCount = 0;
        long hiddenSum = 0;
        int last = -1;
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).getValue() < MINIMUM) {
                hidden[i] = true;
                hiddenCount++;
                hiddenSum += groups.get(i).getValue();
                last = i;
            }
        }
        for (int next = last; hiddenCount > 0 && hiddenCount < groups.size() && (hiddenCount < 2
                || hiddenSum < MINIMUM || hiddenSum == hiddenCount || hiddenSum == (MINIMUM - 1L) * hiddenCount); ) {
            next = (next + 1) % groups.size();
            if (!hidden[next]) {
                hidden[next] = true;
                hiddenCount++;
                hiddenSum += groups.get(next).getValue();
            }
        }
        List<GroupCount> result = new ArrayList<>(groups.size());
        for (int i = 0; i < groups.size(); i++) {
            Map.Entry<String, Long> e = groups.get(i);
            result.add(hidden[i] ? new GroupCount(e.getKey(), null, true) : new GroupCount(e.getKey(), e.getValue(), false));
        }
        return List.copyOf(result);
    }
}
