package nl.sed.samen.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PATCH rule itself: absent and unchanged fields are no change; changes apply only when asked to. */
class PatchTest {

    @Test
    void absentAndEqualFieldsAreNoChange() {
        List<String> applied = new ArrayList<>();
        Patch patch = new Patch().field("a", null, applied::add).field("b", "b", applied::add)
                .field(List.of("x"), List.of("x"), v -> applied.add("list"));
        assertTrue(patch.isEmpty());
        assertFalse(patch.apply());
        assertEquals(List.of(), applied);
    }

    @Test
    void differingFieldsApplyOnlyWhenApplied() {
        List<String> applied = new ArrayList<>();
        Patch patch = new Patch().field("a", "c", applied::add).field("b", null, applied::add)
                .field(null, "d", applied::add);
        assertFalse(patch.isEmpty());
        assertEquals(List.of(), applied, "nothing changes before the entity has checked it may change");
        assertTrue(patch.apply());
        assertEquals(List.of("c", "d"), applied);
    }
}
