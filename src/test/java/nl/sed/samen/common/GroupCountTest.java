package nl.sed.samen.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The suppression rule without a database. Besides examples, it proves by exhaustive search over small tables that a
 * reader who knows the rule, the shown counts and the total cannot pin down any hidden group's count.
 */
class GroupCountTest {

    private static Map<String, Long> groups(long... counts) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            map.put("g" + i, counts[i]);
        }
        return map;
    }

    private static Set<String> hidden(List<GroupCount> list) {
        Set<String> hidden = new HashSet<>();
        list.stream().filter(GroupCount::suppressed).forEach(g -> hidden.add(g.group()));
        return hidden;
    }

    @Test
    void examples() {
        assertEquals(Set.of(), hidden(GroupCount.of(groups(9, 7, 5))), "nothing small, nothing hidden");
        assertEquals(Set.of("g0", "g1"), hidden(GroupCount.of(groups(6, 1))), "one small group takes the next with it");
        assertEquals(Set.of("g0", "g1", "g2"), hidden(GroupCount.of(groups(1, 2, 9, 30))),
                "two small groups adding up to 3 take the next smallest with them");
        assertEquals(Set.of("g0", "g1"), hidden(GroupCount.of(groups(3, 4, 20))), "two adding up to 7 are enough");
        assertEquals(List.of(), GroupCount.of(groups(2, 1)), "a list whose total is below 5 is not shown");
        assertEquals(List.of(), GroupCount.of(groups(4)));
        assertEquals(List.of(new GroupCount("g0", 12L, false)), GroupCount.of(groups(12)));
        assertEquals(List.of(), GroupCount.of(null));
    }

    @Test
    void noHiddenGroupCanBeWorkedOutFromTheTotalAndTheShownGroups() {
        int max = 11;
        for (int size = 1; size <= 4; size++) {
            int[] counts = new int[size];
            // every table of `size` groups with counts 1..max
            Map<String, List<Map<String, Long>>> byWhatIsShown = new HashMap<>();
            List<Map<String, Long>> tables = new ArrayList<>();
            enumerate(counts, 0, max, tables);
            for (Map<String, Long> table : tables) {
                byWhatIsShown.computeIfAbsent(shown(table), k -> new ArrayList<>()).add(table);
            }
            for (List<Map<String, Long>> alike : byWhatIsShown.values()) {
                Map<String, Long> any = alike.get(0);
                for (String group : hidden(GroupCount.of(any))) {
                    Set<Long> possible = new HashSet<>();
                    alike.forEach(t -> possible.add(t.get(group)));
                    assertTrue(possible.size() >= 2, "hidden group " + group + " of " + any
                            + " is determined by what is shown");
                }
            }
        }
    }

    /** What a reader sees: the total and the list as rendered (hidden groups without a count). */
    private static String shown(Map<String, Long> table) {
        long total = table.values().stream().mapToLong(Long::longValue).sum();
        return total + " " + GroupCount.of(table);
    }

    private static void enumerate(int[] counts, int at, int max, List<Map<String, Long>> out) {
        if (at == counts.length) {
            long[] values = new long[counts.length];
            for (int i = 0; i < counts.length; i++) {
                values[i] = counts[i];
            }
            out.add(groups(values));
            return;
        }
        for (int c = 1; c <= max; c++) {
            counts[at] = c;
            enumerate(counts, at + 1, max, out);
        }
    }
}
