package nl.sed.samen.participation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.ProblemType;
import nl.sed.samen.consultation.Audience;
import nl.sed.samen.consultation.Consultation;
import nl.sed.samen.consultation.ConsultationStatus;
import nl.sed.samen.poll.Poll;
import nl.sed.samen.poll.PollStatus;
import nl.sed.samen.poll.VoterTokens;
import nl.sed.samen.project.Project;
import nl.sed.samen.project.ProjectStatus;
import nl.sed.samen.reaction.Reaction;
import nl.sed.samen.reaction.ReactionStatus;
import nl.sed.samen.security.Official;
import nl.sed.samen.security.Role;
import nl.sed.samen.tenancy.Tenant;
import nl.sed.samen.testsupport.Entities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules of {@link ParticipationScope} and {@link Viewer}, table by table, without Quarkus or a database. */
class ParticipationScopeTest {

    private static final String TENANT = "enkhuizen";
    private static final Instant NOW = Instant.parse("2030-03-01T10:00:00Z");
    private static final Tenant THE_TENANT = Entities.make(Tenant.class, "slug", TENANT);

    /** Every kind of caller the rules distinguish, and whether it counts as an official here. */
    enum Caller {
        RESIDENT(null, false),
        VOTER(null, false),
        TOKEN_WITHOUT_ROLE(new Official("a", EnumSet.noneOf(Role.class), Set.of(TENANT)), false),
        OFFICIAL_OF_ANOTHER_TENANT(new Official("b", EnumSet.of(Role.ADMIN), Set.of("drechterland")), false),
        MODERATOR(new Official("c", EnumSet.of(Role.MODERATOR), Set.of(TENANT)), true),
        ADMIN_OF_ALL(new Official("d", EnumSet.of(Role.ADMIN), Set.of(Official.ALL_TENANTS)), true);

        final Official official;
        final boolean seesEverything;

        Caller(Official official, boolean seesEverything) {
            this.official = official;
            this.seesEverything = seesEverything;
        }

        Viewer viewer() {
            return Viewer.of(TENANT, official, this == VOTER ? new VoterTokens.Voter("v", NOW.plusSeconds(60)) : null);
        }
    }

    static Project project(ProjectStatus status) {
        return Entities.make(Project.class, "tenant", TENANT, "status", status);
    }

    static Consultation consultation(ConsultationStatus status, Audience audience, Instant opensAt, Instant closesAt) {
        return Entities.make(Consultation.class, "tenant", TENANT, "status", status, "audience", audience,
                "opensAt", opensAt, "closesAt", closesAt);
    }

    static Poll poll(PollStatus status, Instant opensAt, Instant closesAt) {
        return Entities.make(Poll.class, "tenant", TENANT, "status", status, "opensAt", opensAt, "closesAt", closesAt);
    }

    static ParticipationScope scope(ProjectStatus p, ConsultationStatus c, PollStatus poll) {
        return ParticipationScope.of(THE_TENANT, project(p), consultation(c, Audience.EVERYONE, null, null),
                poll == null ? null : poll(poll, null, null), null);
    }

    @Test
    void theViewerKinds() {
        assertEquals(Viewer.Kind.RESIDENT, Caller.RESIDENT.viewer().kind());
        assertEquals(Viewer.Kind.VOTER, Caller.VOTER.viewer().kind());
        assertEquals(Viewer.Kind.RESIDENT, Caller.TOKEN_WITHOUT_ROLE.viewer().kind());
        assertEquals(Viewer.Kind.RESIDENT, Caller.OFFICIAL_OF_ANOTHER_TENANT.viewer().kind());
        assertEquals(Viewer.Kind.OFFICIAL, Caller.MODERATOR.viewer().kind());
        assertEquals(Viewer.Kind.OFFICIAL, Caller.ADMIN_OF_ALL.viewer().kind());
    }

    static Stream<Arguments> chains() {
        Stream.Builder<Arguments> table = Stream.builder();
        for (Caller caller : Caller.values()) {
            for (ProjectStatus p : ProjectStatus.values()) {
                for (ConsultationStatus c : ConsultationStatus.values()) {
                    for (PollStatus poll : PollStatus.values()) {
                        boolean publicChain = p != ProjectStatus.DRAFT && c != ConsultationStatus.DRAFT
                                && poll != PollStatus.DRAFT;
                        table.add(Arguments.of(caller, p, c, poll, caller.seesEverything || publicChain));
                    }
                }
            }
        }
        return table.build();
    }

    /** One test over the whole table (216 rows), each failure naming its row: cheaper than 216 invocations. */
    @Test
    void aPollIsVisibleOnlyWhenItsWholeChainIs() {
        chains().map(Arguments::get).forEach(row -> {
            Caller caller = (Caller) row[0];
            ProjectStatus p = (ProjectStatus) row[1];
            ConsultationStatus c = (ConsultationStatus) row[2];
            PollStatus poll = (PollStatus) row[3];
            boolean visible = (Boolean) row[4];
            String name = caller + " sees a " + poll + " poll of a " + c + " consultation of a " + p + " project";
            ParticipationScope scope = scope(p, c, poll);
            assertEquals(visible, scope.visibleTo(caller.viewer()), name);
            if (!visible) {
                ProblemException e = assertThrows(ProblemException.class,
                        () -> scope.requireVisibleTo(caller.viewer()), name);
                assertEquals(ProblemType.NOT_FOUND, e.type(), name);
                assertEquals("There is no poll with this id in this tenant.", e.getMessage(), name);
            }
            boolean consultationVisible = caller.seesEverything
                    || p != ProjectStatus.DRAFT && c != ConsultationStatus.DRAFT;
            assertEquals(consultationVisible, scope(p, c, null).visibleTo(caller.viewer()), name + " (consultation)");
        });
    }

    @ParameterizedTest
    @EnumSource(ReactionStatus.class)
    void theListsOfReactionsPerViewer(ReactionStatus status) {
        ParticipationScope scope = ParticipationScope.of(THE_TENANT, project(ProjectStatus.PUBLISHED),
                consultation(ConsultationStatus.OPEN, Audience.EVERYONE, null, null), null,
                Entities.make(Reaction.class, "status", status));
        for (Caller caller : Caller.values()) {
            boolean visible = caller.seesEverything ? status != ReactionStatus.WITHDRAWN
                    : status == ReactionStatus.PUBLISHED;
            assertEquals(visible, scope.visibleTo(caller.viewer()), caller + " / " + status);
            assertEquals(visible, Visibility.reactions(caller.viewer()).contains(status));
            assertEquals(caller.seesEverything, Visibility.moderationDetails(caller.viewer()));
        }
    }

    static Stream<Arguments> input() {
        Stream.Builder<Arguments> table = Stream.builder();
        for (ProjectStatus p : ProjectStatus.values()) {
            for (ConsultationStatus c : ConsultationStatus.values()) {
                for (PollStatus poll : PollStatus.values()) {
                    boolean reactions = p == ProjectStatus.PUBLISHED && c == ConsultationStatus.OPEN;
                    table.add(Arguments.of(p, c, poll, reactions, reactions && poll == PollStatus.OPEN));
                }
            }
        }
        return table.build();
    }

    @ParameterizedTest(name = "{0} project, {1} consultation, {2} poll: reactions {3}, votes {4}")
    @MethodSource("input")
    void inputIsTakenOnlyWhereTheWholeChainIsOpen(ProjectStatus p, ConsultationStatus c, PollStatus poll,
            boolean reactions, boolean votes) {
        ParticipationScope scope = scope(p, c, poll);
        assertEquals(reactions, scope.acceptsReactions(NOW));
        assertEquals(votes, scope.acceptsVotes(scope.poll(), NOW));
        Viewer resident = Caller.RESIDENT.viewer();
        boolean visible = scope.visibleTo(resident);
        ProblemType vote = votes ? null : visible ? ProblemType.CONFLICT : ProblemType.NOT_FOUND;
        assertEquals(vote, problemOf(() -> scope.requireVoteFrom(resident, NOW)));
        ProblemType reaction = reactions ? null : scope(p, c, null).visibleTo(resident) ? ProblemType.CONFLICT
                : ProblemType.NOT_FOUND;
        assertEquals(reaction, problemOf(() -> scope(p, c, null).requireReactionFrom(resident, NOW)));
    }

    @Test
    void openingAndClosingTimesOfBothConsultationAndPollCount() {
        Instant later = NOW.plusSeconds(3600);
        Project published = project(ProjectStatus.PUBLISHED);
        Poll open = poll(PollStatus.OPEN, null, null);
        ParticipationScope notYet = ParticipationScope.of(THE_TENANT, published,
                consultation(ConsultationStatus.OPEN, Audience.EVERYONE, later, null), open, null);
        assertFalse(notYet.acceptsReactions(NOW));
        assertFalse(notYet.acceptsVotes(open, NOW));
        assertTrue(notYet.acceptsVotes(open, later));
        ParticipationScope closing = ParticipationScope.of(THE_TENANT, published,
                consultation(ConsultationStatus.OPEN, Audience.EVERYONE, null, later), open, null);
        assertTrue(closing.acceptsVotes(open, NOW));
        assertFalse(closing.acceptsVotes(open, later), "the consultation's closing time closes its polls too");
        Poll pollNotYet = poll(PollStatus.OPEN, later, null);
        assertFalse(closing.acceptsVotes(pollNotYet, NOW));
    }

    @Test
    void aPanelConsultationTakesNoAnonymousInputOfAnyKind() {
        ParticipationScope panel = ParticipationScope.of(THE_TENANT, project(ProjectStatus.PUBLISHED),
                consultation(ConsultationStatus.OPEN, Audience.PANEL, null, null), poll(PollStatus.OPEN, null, null),
                null);
        assertFalse(panel.openToEveryone());
        for (Caller caller : Caller.values()) {
            assertEquals(ProblemType.PANEL_ONLY, problemOf(() -> panel.requireVoteFrom(caller.viewer(), NOW)));
            assertEquals(ProblemType.PANEL_ONLY, problemOf(() -> panel.requireReactionFrom(caller.viewer(), NOW)));
        }
        ParticipationScope flagged = ParticipationScope.of(THE_TENANT, project(ProjectStatus.PUBLISHED),
                consultation(ConsultationStatus.OPEN, Audience.PANEL, null, null), null,
                Entities.make(Reaction.class, "status", ReactionStatus.PUBLISHED));
        assertEquals(ProblemType.PANEL_ONLY, problemOf(() -> flagged.requireFlagFrom(Caller.RESIDENT.viewer())));
    }

    @Test
    void aPanelInvitationsParticipationTokenAdmitsToItsOwnConsultationOnly() {
        java.util.UUID id = java.util.UUID.randomUUID();
        ParticipationScope panel = ParticipationScope.of(THE_TENANT, project(ProjectStatus.PUBLISHED),
                Entities.make(Consultation.class, "id", id, "tenant", TENANT, "status", ConsultationStatus.OPEN,
                        "audience", Audience.PANEL), poll(PollStatus.OPEN, null, null), null);
        Viewer invited = Viewer.of(TENANT, null, new VoterTokens.Voter("p", NOW.plusSeconds(60), id));
        Viewer invitedElsewhere = Viewer.of(TENANT, null,
                new VoterTokens.Voter("q", NOW.plusSeconds(60), java.util.UUID.randomUUID()));
        assertTrue(panel.admits(invited));
        panel.requireVoteFrom(invited, NOW);
        panel.requireReactionFrom(invited, NOW);
        assertFalse(panel.admits(invitedElsewhere));
        assertEquals(ProblemType.PANEL_ONLY, problemOf(() -> panel.requireReactionFrom(invitedElsewhere, NOW)));
        // a participation token is still a voter token anywhere else, and a panel's flags stay closed to it
        ParticipationScope everyone = ParticipationScope.of(THE_TENANT, project(ProjectStatus.PUBLISHED),
                consultation(ConsultationStatus.OPEN, Audience.EVERYONE, null, null), null, null);
        assertTrue(everyone.admits(invitedElsewhere));
    }

    @ParameterizedTest
    @EnumSource(ReactionStatus.class)
    void onlyWhatThePublicSeesCanBeFlaggedWhoeverFlagsIt(ReactionStatus status) {
        ParticipationScope scope = ParticipationScope.of(THE_TENANT, project(ProjectStatus.PUBLISHED),
                consultation(ConsultationStatus.CLOSED, Audience.EVERYONE, null, null), null,
                Entities.make(Reaction.class, "status", status));
        for (Caller caller : Caller.values()) {
            assertEquals(status == ReactionStatus.PUBLISHED ? null : ProblemType.NOT_FOUND,
                    problemOf(() -> scope.requireFlagFrom(caller.viewer())));
        }
    }

    static Stream<Arguments> roles() {
        return Stream.of(
                Arguments.of(Caller.RESIDENT, ProblemType.UNAUTHORIZED),
                Arguments.of(Caller.VOTER, ProblemType.UNAUTHORIZED),
                Arguments.of(Caller.TOKEN_WITHOUT_ROLE, ProblemType.FORBIDDEN),
                Arguments.of(Caller.OFFICIAL_OF_ANOTHER_TENANT, ProblemType.FORBIDDEN),
                Arguments.of(Caller.MODERATOR, ProblemType.FORBIDDEN),
                Arguments.of(Caller.ADMIN_OF_ALL, null));
    }

    @ParameterizedTest(name = "{0} as editor: {1}")
    @MethodSource("roles")
    void onlyOfficialsWithTheRoleRunTheScope(Caller caller, ProblemType expected) {
        ParticipationScope scope = scope(ProjectStatus.DRAFT, ConsultationStatus.DRAFT, null);
        assertEquals(expected, problemOf(() -> scope.requireRole(caller.viewer(), Role.EDITOR)));
        if (caller == Caller.MODERATOR) {
            assertEquals(null, problemOf(() -> scope.requireRole(caller.viewer(), Role.MODERATOR)));
        }
    }

    private static ProblemType problemOf(Runnable rule) {
        try {
            rule.run();
            return null;
        } catch (ProblemException e) {
            return e.type();
        }
    }
}
