package nl.sed.samen.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.ProblemType;
import nl.sed.samen.consultation.ConsultationStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The poll lifecycle, every status × target × consultation status, the ballot rules and results visibility. */
class PollTest {

    private static final Instant T0 = Instant.parse("2030-03-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final Instant CLOSES = T0.plusSeconds(86400);

    enum Outcome { MOVES, NO_OP, CONFLICT }

    static Poll draft() {
        Poll poll = Poll.draft("enkhuizen", UUID.randomUUID(), VotingMode.OPEN, T0);
        poll.describe(new Poll.Details("Welke boom?", List.of("Linde", "Eik", "Kastanje"), 2, null, null, null,
                CLOSES), T0);
        return poll;
    }

    static Poll in(PollStatus status) {
        Poll poll = draft();
        if (status != PollStatus.DRAFT) {
            poll.moveTo(PollStatus.OPEN, ConsultationStatus.OPEN, T0);
        }
        if (status == PollStatus.CLOSED) {
            poll.moveTo(PollStatus.CLOSED, ConsultationStatus.OPEN, T0);
        }
        return poll;
    }

    static Stream<Arguments> moves() {
        Stream.Builder<Arguments> table = Stream.builder();
        for (PollStatus from : PollStatus.values()) {
            for (PollStatus to : PollStatus.values()) {
                for (ConsultationStatus consultation : ConsultationStatus.values()) {
                    Outcome outcome;
                    if (from == to) {
                        outcome = Outcome.NO_OP;
                    } else if (from == PollStatus.DRAFT && to == PollStatus.OPEN) {
                        outcome = consultation == ConsultationStatus.OPEN ? Outcome.MOVES : Outcome.CONFLICT;
                    } else if (from == PollStatus.OPEN && to == PollStatus.CLOSED) {
                        outcome = Outcome.MOVES;
                    } else {
                        outcome = Outcome.CONFLICT;
                    }
                    table.add(Arguments.of(from, to, consultation, outcome));
                }
            }
        }
        return table.build();
    }

    @ParameterizedTest(name = "{0} → {1} in a {2} consultation: {3}")
    @MethodSource("moves")
    void everyStatusTargetAndConsultationStatus(PollStatus from, PollStatus to, ConsultationStatus consultation,
            Outcome outcome) {
        Poll poll = in(from);
        Instant updated = poll.updatedAt();
        switch (outcome) {
            case MOVES -> {
                assertTrue(poll.moveTo(to, consultation, T1));
                assertEquals(to, poll.status(T1));
            }
            case NO_OP -> {
                assertFalse(poll.moveTo(to, consultation, T1));
                assertEquals(updated, poll.updatedAt());
            }
            case CONFLICT -> {
                ProblemException e = assertThrows(ProblemException.class, () -> poll.moveTo(to, consultation, T1));
                assertEquals(ProblemType.CONFLICT, e.type());
                assertEquals(from, poll.status(T1));
            }
        }
    }

    @Test
    void anOpenPollPastItsClosingTimeIsClosedAndTakesNoVotes() {
        Poll poll = in(PollStatus.OPEN);
        assertTrue(poll.acceptsVotes(CLOSES.minusSeconds(1)));
        assertFalse(poll.acceptsVotes(CLOSES));
        assertEquals(PollStatus.CLOSED, poll.status(CLOSES));
        assertEquals(PollStatus.OPEN, poll.recordedStatus());
        assertThrows(ProblemException.class, () -> poll.moveTo(PollStatus.OPEN, ConsultationStatus.OPEN, CLOSES));
    }

    @Test
    void ballotRulesChangeOnlyInADraftAndNothingOnceClosed() {
        Poll open = in(PollStatus.OPEN);
        assertThrows(ProblemException.class, () -> open.describe(new Poll.Details("Andere vraag?", null, null, null,
                null, null, null), T1));
        assertFalse(open.describe(new Poll.Details("Welke boom?", List.of("Linde", "Eik", "Kastanje"), 2, null, null,
                null, null), T1), "the same question and options are no change");
        assertTrue(open.describe(new Poll.Details(null, null, null, ResultsVisibility.ALWAYS, null, null, null), T1));
        Poll closed = in(PollStatus.CLOSED);
        assertThrows(ProblemException.class, () -> closed.describe(new Poll.Details(null, null, null,
                ResultsVisibility.AFTER_CLOSE, null, null, null), T1));
    }

    @Test
    void aBallotHasKnownDistinctOptionsWithinMaxChoices() {
        Poll poll = in(PollStatus.OPEN);
        List<UUID> ids = poll.options().stream().map(PollOption::id).toList();
        assertEquals(List.of(ids.get(0), ids.get(2)), poll.validBallot(List.of(ids.get(2), ids.get(0))));
        assertThrows(ProblemException.class, () -> poll.validBallot(ids));
        assertThrows(ProblemException.class, () -> poll.validBallot(List.of(ids.get(1), ids.get(1))));
        assertThrows(ProblemException.class, () -> poll.validBallot(List.of(UUID.randomUUID())));
    }

    @Test
    void optionsAreDistinctAndMaxChoicesFitsThem() {
        Poll poll = Poll.draft("enkhuizen", UUID.randomUUID(), VotingMode.OPEN, T0);
        assertThrows(ProblemException.class, () -> poll.describe(new Poll.Details("V?", List.of("Ja", " ja"), null,
                null, null, null, null), T0));
        Poll other = Poll.draft("enkhuizen", UUID.randomUUID(), VotingMode.OPEN, T0);
        assertThrows(ProblemException.class, () -> other.describe(new Poll.Details("V?", List.of("Ja", "Nee"), 3,
                null, null, null, null), T0));
    }

    static Stream<Arguments> results() {
        Stream.Builder<Arguments> table = Stream.builder();
        for (ResultsVisibility visibility : ResultsVisibility.values()) {
            for (boolean voted : new boolean[] {false, true}) {
                for (boolean closed : new boolean[] {false, true}) {
                    boolean visible = switch (visibility) {
                        case ALWAYS -> true;
                        case AFTER_VOTE -> voted || closed;
                        case AFTER_CLOSE -> closed;
                    };
                    table.add(Arguments.of(visibility, voted, closed, visible));
                }
            }
        }
        return table.build();
    }

    @ParameterizedTest(name = "{0}, voted {1}, closed {2}: visible {3}")
    @MethodSource("results")
    void resultsAreVisibleToTheirPublic(ResultsVisibility visibility, boolean voted, boolean closed,
            boolean visible) {
        Poll poll = in(PollStatus.OPEN);
        poll.describe(new Poll.Details(null, null, null, visibility, null, null, null), T0);
        assertEquals(visible, poll.resultsVisibleTo(voted, closed ? CLOSES : T1));
    }
}
