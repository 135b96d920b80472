package nl.sed.samen.consultation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.stream.Stream;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.ProblemType;
import nl.sed.samen.tenancy.ModerationMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The consultation lifecycle, every status × target, feedback in every status, and the PATCH rule. */
class ConsultationTest {

    private static final Instant T0 = Instant.parse("2030-03-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(3600);
    private static final Instant CLOSES = T0.plusSeconds(30 * 86400);

    enum Outcome { MOVES, NO_OP, CONFLICT }

    static Consultation draft(boolean withManifest) {
        Consultation c = Consultation.draft("enkhuizen", UUID.randomUUID(), "Het plein", ModerationMode.POST,
                Audience.EVERYONE, T0);
        if (withManifest) {
            c.describe(new Consultation.Details(null, "Wat vindt u?", null, ParticipationLevel.CONSULT, "De inrichting",
                    "Het budget", "De gemeenteraad", null, CLOSES, LocalDate.parse("2030-06-01"), null, null), T0);
        }
        return c;
    }

    static Consultation in(ConsultationStatus status) {
        Consultation c = draft(true);
        if (status != ConsultationStatus.DRAFT) {
            c.moveTo(ConsultationStatus.OPEN, T0);
        }
        if (status == ConsultationStatus.CLOSED || status == ConsultationStatus.REPORTED) {
            c.moveTo(ConsultationStatus.CLOSED, T0);
        }
        if (status == ConsultationStatus.REPORTED) {
            c.publishFeedback("Samenvatting", "Besluit", null, null, T0);
        }
        return c;
    }

    static Stream<Arguments> moves() {
        Stream.Builder<Arguments> table = Stream.builder();
        for (ConsultationStatus from : ConsultationStatus.values()) {
            for (ConsultationStatus to : ConsultationStatus.values()) {
                Outcome outcome = from == to ? Outcome.NO_OP
                        : from == ConsultationStatus.DRAFT && to == ConsultationStatus.OPEN
                                || from == ConsultationStatus.OPEN && to == ConsultationStatus.CLOSED
                                ? Outcome.MOVES : Outcome.CONFLICT;
                table.add(Arguments.of(from, to, outcome));
            }
        }
        return table.build();
    }

    @ParameterizedTest(name = "{0} → {1}: {2}")
    @MethodSource("moves")
    void everyStatusAndTarget(ConsultationStatus from, ConsultationStatus to, Outcome outcome) {
        Consultation c = in(from);
        Instant updated = c.updatedAt();
        switch (outcome) {
            case MOVES -> {
                assertTrue(c.moveTo(to, T1));
                assertEquals(to, c.status(T1));
                assertEquals(T1, c.updatedAt());
            }
            case NO_OP -> {
                assertFalse(c.moveTo(to, T1));
                assertEquals(updated, c.updatedAt());
            }
            case CONFLICT -> {
                ProblemException e = assertThrows(ProblemException.class, () -> c.moveTo(to, T1));
                assertEquals(ProblemType.CONFLICT, e.type());
                assertEquals(from, c.status(T1));
            }
        }
    }

    @Test
    void opensOnlyWithTheManifestFields() {
        Consultation c = draft(false);
        ProblemException e = assertThrows(ProblemException.class, () -> c.moveTo(ConsultationStatus.OPEN, T1));
        assertEquals(ProblemType.CONFLICT, e.type());
        assertEquals(5, e.errors().size());
        assertEquals(ConsultationStatus.DRAFT, c.status(T1));
    }

    @Test
    void doesNotOpenWithAClosingTimeInThePast() {
        Consultation c = draft(true);
        assertThrows(ProblemException.class, () -> c.moveTo(ConsultationStatus.OPEN, CLOSES));
    }

    @Test
    void anOpenConsultationPastItsClosingTimeIsClosedAndTakesNoInput() {
        Consultation c = in(ConsultationStatus.OPEN);
        assertTrue(c.acceptsInput(CLOSES.minusSeconds(1)));
        assertEquals(ConsultationStatus.CLOSED, c.status(CLOSES));
        assertFalse(c.acceptsInput(CLOSES));
        assertEquals(ConsultationStatus.OPEN, c.recordedStatus());
        assertEquals(CLOSES, c.closedAt(CLOSES));
    }

    @Test
    void takesInputOnlyFromItsOpeningTime() {
        Consultation c = in(ConsultationStatus.OPEN);
        c.describe(new Consultation.Details(null, null, null, null, null, null, null, T1, null, null, null, null), T0);
        assertFalse(c.acceptsInput(T0));
        assertTrue(c.acceptsInput(T1));
    }

    @ParameterizedTest
    @EnumSource(ConsultationStatus.class)
    void feedbackIsPublishedOnceClosedAndCorrectedAfterwards(ConsultationStatus status) {
        Consultation c = in(status);
        switch (status) {
            case DRAFT, OPEN -> {
                assertThrows(ProblemException.class, () -> c.publishFeedback("S", "B", null, null, T1));
                assertNull(c.feedbackPublishedAt());
            }
            case CLOSED -> {
                assertTrue(c.publishFeedback("S", "B", null, null, T1));
                assertEquals(ConsultationStatus.REPORTED, c.status(T1));
                assertEquals("De gemeenteraad", c.feedbackDecidedBy());
            }
            case REPORTED -> {
                assertFalse(c.publishFeedback("S2", "B2", null, null, T1), "a correction tells no one again");
                assertEquals(T0, c.feedbackPublishedAt());
                assertEquals("S2", c.feedbackSummary());
            }
        }
    }

    @Test
    void feedbackIsOnTimeByTheDateInAmsterdam() {
        Consultation c = in(ConsultationStatus.CLOSED);
        // 23:30 UTC on the due date is already the next day in Amsterdam
        c.publishFeedback("S", "B", null, null, Instant.parse("2030-06-01T23:30:00Z"));
        assertEquals(Boolean.FALSE, c.feedbackOnTime());
    }

    @ParameterizedTest
    @EnumSource(ConsultationStatus.class)
    void anUnchangedRequestIsNoChangeInEveryStatus(ConsultationStatus status) {
        Consultation c = in(status);
        Instant updated = c.updatedAt();
        assertFalse(c.describe(new Consultation.Details("Het plein", null, null, ParticipationLevel.CONSULT, null,
                null, null, null, CLOSES, null, ModerationMode.POST, Audience.EVERYONE), T1));
        assertEquals(updated, c.updatedAt());
        Consultation.Details change = new Consultation.Details("Ander plein", null, null, null, null, null, null,
                null, null, null, null, null);
        if (status == ConsultationStatus.CLOSED || status == ConsultationStatus.REPORTED) {
            assertThrows(ProblemException.class, () -> c.describe(change, T1));
            assertEquals("Het plein", c.title());
        } else {
            assertTrue(c.describe(change, T1));
            assertEquals("Ander plein", c.title());
        }
    }

    @Test
    void closesAtMustFollowOpensAtAndTheDueDateTheClosingDay() {
        Consultation c = draft(true);
        assertThrows(ProblemException.class, () -> c.describe(new Consultation.Details(null, null, null, null, null,
                null, null, CLOSES, CLOSES.minusSeconds(1), null, null, null), T1));
        Consultation d = draft(true);
        assertThrows(ProblemException.class, () -> d.describe(new Consultation.Details(null, null, null, null, null,
                null, null, null, null, LocalDate.parse("2030-03-15"), null, null), T1));
    }
}
