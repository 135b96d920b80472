package nl.sed.samen.participation;

import java.util.EnumSet;
import java.util.Set;
import nl.sed.samen.consultation.ConsultationStatus;
import nl.sed.samen.poll.PollStatus;
import nl.sed.samen.project.ProjectStatus;
import nl.sed.samen.reaction.ReactionStatus;

/**
 * What the public may see, in one place. Residents and voters see a project once it is published (and still when it is
 * archived), a consultation once it has opened, a poll once it has opened, and published reactions; officials with a
 * role for the tenant see every status (but a withdrawn reaction, which is erased, is shown to no one).
 *
 * <p>Each item is visible only when its whole chain is: {@link ParticipationScope#visibleTo} applies these sets to the
 * tenant → project → consultation → poll chain, for single items and (through the statuses given to the repositories)
 * for lists alike.
 */
public final class Visibility {

    private static final Set<ProjectStatus> PUBLIC_PROJECTS = EnumSet.of(ProjectStatus.PUBLISHED,
            ProjectStatus.ARCHIVED);
    private static final Set<ConsultationStatus> PUBLIC_CONSULTATIONS = EnumSet.of(ConsultationStatus.OPEN,
            ConsultationStatus.CLOSED, ConsultationStatus.REPORTED);
    private static final Set<PollStatus> PUBLIC_POLLS = EnumSet.of(PollStatus.OPEN, PollStatus.CLOSED);
    private static final Set<ReactionStatus> PUBLIC_REACTIONS = EnumSet.of(ReactionStatus.PUBLISHED);
    private static final Set<ReactionStatus> OFFICIALS_REACTIONS = EnumSet.complementOf(
            EnumSet.of(ReactionStatus.WITHDRAWN));

    private Visibility() {
    }

    public static Set<ProjectStatus> projects(Viewer viewer) {
        return viewer.isOfficial() ? EnumSet.allOf(ProjectStatus.class) : PUBLIC_PROJECTS;
    }

    public static Set<ConsultationStatus> consultations(Viewer viewer) {
        return viewer.isOfficial() ? EnumSet.allOf(ConsultationStatus.class) : PUBLIC_CONSULTATIONS;
    }

    public static Set<PollStatus> polls(Viewer viewer) {
        return viewer.isOfficial() ? EnumSet.allOf(PollStatus.class) : PUBLIC_POLLS;
    }

    public static Set<ReactionStatus> reactions(Viewer viewer) {
        return viewer.isOfficial() ? OFFICIALS_REACTIONS : PUBLIC_REACTIONS;
    }

    /** Whether the viewer sees the moderation details of reactions (age band, village, flags, reasons). */
    public static boolean moderationDetails(Viewer viewer) {
        return viewer.isOfficial();
    }

    /** Whether the viewer sees a poll's results whatever its resultsVisibility says. */
    public static boolean allResults(Viewer viewer) {
        return viewer.isOfficial();
    }
}
