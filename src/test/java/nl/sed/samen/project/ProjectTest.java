package nl.sed.samen.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.ProblemType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The project lifecycle, every status × target, and the PATCH rule (unchanged is no change), without a database. */
class ProjectTest {

    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);

    enum Outcome { MOVES, NO_OP, CONFLICT }

    static Stream<Arguments> moves() {
        return Stream.of(
                Arguments.of(ProjectStatus.DRAFT, ProjectStatus.DRAFT, Outcome.NO_OP),
                Arguments.of(ProjectStatus.DRAFT, ProjectStatus.PUBLISHED, Outcome.MOVES),
                Arguments.of(ProjectStatus.DRAFT, ProjectStatus.ARCHIVED, Outcome.CONFLICT),
                Arguments.of(ProjectStatus.PUBLISHED, ProjectStatus.DRAFT, Outcome.CONFLICT),
                Arguments.of(ProjectStatus.PUBLISHED, ProjectStatus.PUBLISHED, Outcome.NO_OP),
                Arguments.of(ProjectStatus.PUBLISHED, ProjectStatus.ARCHIVED, Outcome.MOVES),
                Arguments.of(ProjectStatus.ARCHIVED, ProjectStatus.DRAFT, Outcome.CONFLICT),
                Arguments.of(ProjectStatus.ARCHIVED, ProjectStatus.PUBLISHED, Outcome.CONFLICT),
                Arguments.of(ProjectStatus.ARCHIVED, ProjectStatus.ARCHIVED, Outcome.NO_OP));
    }

    static Project in(ProjectStatus status) {
        Project project = Project.draft("enkhuizen", T0);
        project.describe(new Project.Details("Woonvisie", null, null, null, List.of(), null), T0);
        if (status != ProjectStatus.DRAFT) {
            project.moveTo(ProjectStatus.PUBLISHED, T0);
        }
        if (status == ProjectStatus.ARCHIVED) {
            project.moveTo(ProjectStatus.ARCHIVED, T0);
        }
        return project;
    }

    @ParameterizedTest(name = "{0} → {1}: {2}")
    @MethodSource("moves")
    void everyStatusAndTarget(ProjectStatus from, ProjectStatus to, Outcome outcome) {
        Project project = in(from);
        switch (outcome) {
            case MOVES -> {
                assertTrue(project.moveTo(to, T1));
                assertEquals(to, project.status());
                assertEquals(T1, project.updatedAt());
            }
            case NO_OP -> {
                assertFalse(project.moveTo(to, T1));
                assertEquals(T0, project.updatedAt(), "a no-op leaves updatedAt (and so the ETag) alone");
            }
            case CONFLICT -> {
                ProblemException e = assertThrows(ProblemException.class, () -> project.moveTo(to, T1));
                assertEquals(ProblemType.CONFLICT, e.type());
                assertEquals(from, project.status());
            }
        }
    }

    @Test
    void anUnchangedDescriptionIsNoChangeEvenWhenArchived() {
        Project project = in(ProjectStatus.ARCHIVED);
        assertFalse(project.describe(new Project.Details(null, null, null, null, null, null), T1));
        assertFalse(project.describe(new Project.Details("Woonvisie", null, null, null, List.of(), null), T1));
        assertEquals(T0, project.updatedAt());
        ProblemException e = assertThrows(ProblemException.class,
                () -> project.describe(new Project.Details("Nieuw", null, null, null, null, null), T1));
        assertEquals(ProblemType.CONFLICT, e.type());
        assertEquals("Woonvisie", project.title());
    }

    @Test
    void onlyTheFieldsSentChange() {
        Project project = in(ProjectStatus.PUBLISHED);
        assertTrue(project.describe(new Project.Details(null, "Samenvatting", null, null, null, null), T1));
        assertEquals("Woonvisie", project.title());
        assertEquals("Samenvatting", project.summary());
        assertEquals(T1, project.updatedAt());
    }
}
