package nl.sed.samen.reaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import nl.sed.samen.common.AgeBand;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.ProblemType;
import nl.sed.samen.tenancy.ModerationMode;
import nl.sed.samen.testsupport.Entities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A reaction's life without a database: every status × flagged × decision, flags, and withdrawal. */
class ReactionTest {

    private static final Instant T0 = Instant.parse("2030-03-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);

    /**
     * What each decision makes of each status, unflagged and flagged ("-": a 409). A flag lets a moderator approve or
     * reject whatever the reaction's status (but withdrawn); without one, only the plain moves are allowed.
     */
    private static final String[] TABLE = {
            // status      flagged  approve     reject     hide     restore
            "PENDING       false    PUBLISHED   REJECTED   -        -",
            "PUBLISHED     false    -           -          HIDDEN   -",
            "REJECTED      false    -           -          -        PUBLISHED",
            "HIDDEN        false    -           -          -        PUBLISHED",
            "WITHDRAWN     false    -           -          -        -",
            "PENDING       true     PUBLISHED   REJECTED   -        -",
            "PUBLISHED     true     PUBLISHED   REJECTED   HIDDEN   -",
            "REJECTED      true     PUBLISHED   REJECTED   -        PUBLISHED",
            "HIDDEN        true     PUBLISHED   REJECTED   -        PUBLISHED",
            "WITHDRAWN     true     -           -          -        -",
    };

    static Stream<Arguments> decisions() {
        List<Arguments> cases = new ArrayList<>();
        for (String row : TABLE) {
            String[] cells = row.trim().split("\\s+");
            for (Decision decision : Decision.values()) {
                String target = cells[2 + decision.ordinal()];
                cases.add(Arguments.of(ReactionStatus.valueOf(cells[0]), Boolean.parseBoolean(cells[1]), decision,
                        target.equals("-") ? null : ReactionStatus.valueOf(target)));
            }
        }
        return cases.stream();
    }

    static Reaction submitted(ModerationMode mode, boolean needsReview) {
        return Reaction.submit("enkhuizen", UUID.randomUUID(), new Reaction.Authored("Meer bomen", "Anna",
                AgeBand.AGE_25_44, "Enkhuizen", "anna@example.nl"), mode, needsReview, new byte[32], "client",
                new byte[32], null, T0);
    }

    @Test
    void theTableCoversEveryStatusFlaggedOrNotAndEveryDecision() {
        assertEquals(ReactionStatus.values().length * 2 * Decision.values().length, decisions().count());
    }

    @ParameterizedTest(name = "{0}, flagged {1}, {2} → {3}")
    @MethodSource("decisions")
    void everyStatusAndDecision(ReactionStatus status, boolean flagged, Decision decision, ReactionStatus target) {
        Reaction reaction = Entities.set(Entities.set(submitted(ModerationMode.PRE, false), "status", status),
                "flagged", flagged);
        if (target == null) {
            ProblemException e = assertThrows(ProblemException.class, () -> reaction.decide(decision, "Reden", T1));
            assertEquals(ProblemType.CONFLICT, e.type());
            assertEquals(status, reaction.status());
            assertEquals(flagged, reaction.flagged());
        } else {
            reaction.decide(decision, "Reden", T1);
            assertEquals(target, reaction.status());
            assertFalse(reaction.flagged(), "every decision clears the flag");
            assertEquals("Reden", reaction.moderationReason());
            assertEquals(T1, reaction.moderatedAt());
        }
    }

    @Test
    void entersPublishedUnderPostModerationAndPendingUnderPreOrReview() {
        assertEquals(ReactionStatus.PUBLISHED, submitted(ModerationMode.POST, false).status());
        assertEquals(ReactionStatus.PENDING, submitted(ModerationMode.POST, true).status());
        assertEquals(ReactionStatus.PENDING, submitted(ModerationMode.PRE, false).status());
    }

    @Test
    void aDecisionTakesAReactionOutOfTheFlaggedQueueAndResetsItsCount() {
        // flags themselves are counted by one statement in the database (ModerationService.flag, tested there)
        Reaction reaction = Entities.set(Entities.set(Entities.set(submitted(ModerationMode.POST, false),
                "flagged", true), "flagCount", 3), "flaggedAt", T0);
        reaction.decide(Decision.APPROVE, "Binnen de spelregels", T1);
        assertFalse(reaction.flagged());
        assertEquals(0, reaction.flagCount(), "the next flag starts a new count");
        assertNull(reaction.flaggedAt());
    }

    @Test
    void withdrawalErasesTextAndPersonalFieldsOnce() {
        Reaction reaction = submitted(ModerationMode.POST, false);
        reaction.withdraw(T1);
        assertEquals(ReactionStatus.WITHDRAWN, reaction.status());
        assertNull(reaction.body());
        assertNull(reaction.displayName());
        assertNull(reaction.ageBand());
        assertNull(reaction.area());
        assertFalse(reaction.hasEmail());
        reaction.withdraw(T1.plusSeconds(1));
        assertEquals(ReactionStatus.WITHDRAWN, reaction.status());
        assertThrows(ProblemException.class, () -> reaction.reply("Dank", "moderator", T1));
    }
}
