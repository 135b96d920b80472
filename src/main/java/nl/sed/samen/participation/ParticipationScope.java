package nl.sed.samen.participation;

import java.time.Instant;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.ProblemType;
import nl.sed.samen.common.WireEnums;
import nl.sed.samen.consultation.Audience;
import nl.sed.samen.consultation.Consultation;
import nl.sed.samen.consultation.ConsultationStatus;
import nl.sed.samen.poll.Poll;
import nl.sed.samen.poll.PollStatus;
import nl.sed.samen.project.Project;
import nl.sed.samen.project.ProjectStatus;
import nl.sed.samen.reaction.Reaction;
import nl.sed.samen.security.Official;
import nl.sed.samen.security.Role;
import nl.sed.samen.tenancy.Tenant;

/**
 * Where residents take part: a tenant, and below it (as far as the request names one) a project, a consultation, a poll
 * or a reaction, loaded together by {@link Scopes}. The one home of the rules residents meet:
 * <ul>
 * <li><b>who may see it</b>: {@link #visibleTo} — every link of the chain must be visible ({@link Visibility});</li>
 * <li><b>who may take part, when</b>: {@link #acceptsReactions} — the project is published and the consultation is
 * open and within its hours; {@link #acceptsVotes} — that, and the poll is open and within its hours; a consultation
 * for a panel takes input only from a viewer with a panel invitation's participation right
 * ({@link Viewer#invitedTo}; {@link #requireReactionFrom}, {@link #requireVoteFrom}), and no flags
 * ({@link #requireFlagFrom});</li>
 * <li><b>who may run it</b>: {@link #requireRole}.</li>
 * </ul>
 * Whether a ballot counts is decided once more in the database, by the ballot statement itself (poll, consultation
 * and project status and times), so a copy of the scope that a moment has made stale cannot let one through.
 */
public final class ParticipationScope {

    /**
     * Fired when an official changes a project or consultation, so that what instances keep of scopes below it (a
     * poll's rules and view) is dropped once the change has committed.
     */
    public record Changed(String tenant) {
    }

    private final Tenant tenant;
    private final Project project;
    private final Consultation consultation;
    private final Poll poll;
    private final Reaction reaction;

    ParticipationScope(Tenant tenant, Project project, Consultation consultation, Poll poll, Reaction reaction) {
        this.tenant = tenant;
        this.project = project;
        this.consultation = consultation;
        this.poll = poll;
        this.reaction = reaction;
    }

    /** For tests of the rules, and for scopes built from rows already loaded. */
    public static ParticipationScope of(Tenant tenant, Project project, Consultation consultation, Poll poll,
            Reaction reaction) {
        return new ParticipationScope(tenant, project, consultation, poll, reaction);
    }

    /** The same chain with one poll of its consultation (for lists, which load the chain once). */
    public ParticipationScope withPoll(Poll poll) {
        return new ParticipationScope(tenant, project, consultation, poll, null);
    }

    // --- who may see it

    /** Whether every link of the chain is visible to this viewer. */
    public boolean visibleTo(Viewer viewer) {
        return (project == null || Visibility.projects(viewer).contains(project.status()))
                && (consultation == null || Visibility.consultations(viewer).contains(consultation.recordedStatus()))
                && (poll == null || Visibility.polls(viewer).contains(poll.recordedStatus()))
                && (reaction == null || Visibility.reactions(viewer).contains(reaction.status()));
    }

    /** This scope, or a 404 naming the item asked for (never a 403: a draft's existence is not told). */
    public ParticipationScope requireVisibleTo(Viewer viewer) {
        if (!visibleTo(viewer)) {
            throw ProblemException.notFound("There is no " + deepest() + " with this id in this tenant.");
        }
        return this;
    }

    // --- who may take part, when

    /** Whether the consultation takes input now: its project is published, it is open and within its hours. */
    public boolean acceptsReactions(Instant now) {
        return project != null && project.status() == ProjectStatus.PUBLISHED
                && consultation != null && consultation.acceptsInput(now);
    }

    /** Whether this poll takes votes now: its consultation takes input, and the poll is open and within its hours. */
    public boolean acceptsVotes(Poll poll, Instant now) {
        return acceptsReactions(now) && poll.acceptsVotes(now);
    }

    /** Whether a resident without an invitation may give input here at all (not a panel's consultation). */
    public boolean openToEveryone() {
        return consultation == null || consultation.audience() != Audience.PANEL;
    }

    /** Whether this viewer may give input here: anyone in a consultation for everyone, the invited in a panel's. */
    public boolean admits(Viewer viewer) {
        return openToEveryone() || viewer.invitedTo(consultation.id());
    }

    /** A reaction from this viewer may be taken now; otherwise 404 (not visible), 403 (panel) or 409 (not open). */
    public void requireReactionFrom(Viewer viewer, Instant now) {
        requireVisibleTo(viewer);
        requireAdmitted(viewer);
        if (!acceptsReactions(now)) {
            throw ProblemException.conflict(project.status() != ProjectStatus.PUBLISHED
                    ? "This consultation does not take reactions: its project is " + WireEnums.value(project.status())
                            + "."
                    : "This consultation does not take reactions now: it is "
                            + WireEnums.value(consultation.status(now)) + (consultation.status(now)
                                    == ConsultationStatus.OPEN ? " from " + consultation.opensAt() + "." : "."));
        }
    }

    /** A vote from this viewer may be taken now; otherwise 404, 403 (panel) or 409 (poll or consultation not open). */
    public void requireVoteFrom(Viewer viewer, Instant now) {
        requireVisibleTo(viewer);
        requireAdmitted(viewer);
        if (!acceptsReactions(now)) {
            throw ProblemException.conflict("This poll does not take votes: its consultation does not take input now.");
        }
        if (!poll.acceptsVotes(now)) {
            throw ProblemException.conflict(poll.status(now) == PollStatus.OPEN
                    ? "This poll does not take votes yet." : "This poll does not take votes: it is "
                    + WireEnums.value(poll.status(now)) + ".");
        }
    }

    /** A flag from this viewer may be taken: the public sees the reaction, and the consultation is for everyone. */
    public void requireFlagFrom(Viewer viewer) {
        // a flag is the public's signal about what the public sees, whoever sends it
        requireVisibleTo(Viewer.resident(viewer.tenant()));
        requireOpenToEveryone();
    }

    private void requireOpenToEveryone() {
        if (!openToEveryone()) {
            throw new ProblemException(ProblemType.PANEL_ONLY, "This consultation is for a panel: flags are not taken "
                    + "here.");
        }
    }

    private void requireAdmitted(Viewer viewer) {
        if (!admits(viewer)) {
            throw new ProblemException(ProblemType.PANEL_ONLY, "This consultation is for a panel: it takes input only "
                    + "with a panel invitation. Open the link from your invitation mail; it gives a participation "
                    + "token to send as the Voter-Token header.");
        }
    }

    // --- who may run it

    /** The official running this scope: 401 without a token, 403 without this tenant or role. */
    public Official requireRole(Viewer viewer, Role... roles) {
        return viewer.requireRole(roles);
    }

    private String deepest() {
        if (reaction != null) {
            return "reaction";
        }
        if (poll != null) {
            return "poll";
        }
        return consultation != null ? "consultation" : "project";
    }

    public Tenant tenant() {
        return tenant;
    }

    public Project project() {
        return project;
    }

    public Consultation consultation() {
        return consultation;
    }

    public Poll poll() {
        return poll;
    }

    public Reaction reaction() {
        return reaction;
    }
}
