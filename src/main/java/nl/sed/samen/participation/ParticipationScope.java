package nl.sed.samen.participation;

import java.time.Instant;
import java.util.List;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.ProblemType;
import nl.sed.samen.common.WireEnums;
import nl.sed.samen.consultation.Audience;
import nl.sed.samen.consultation.Consultation;
import nl.sed.samen.consultation.ConsultationStatus;
import nl.sed.samen.poll.Poll;
import nl.sed.samen.poll.PollStatus;
import nl.sed.samen.poll.VoterTokens;
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
 * <li><b>who may run it</b>: {@link #requireRole} — for content of a joint project, {@link #requireEditor} asks for
 * the role on every participating tenant; {@link #requireAdminOfAll} is for changing who takes part;</li>
 * <li><b>which municipalities</b>: the project's participants ({@link #participants}). A joint item is read, and
 * takes input, under each participant's path; a voter token of any participant counts for it (one vote per voter
 * across the poll, whichever site the voter used), a token of another tenant is a 401; a write from the web origin of
 * a participant is accepted, one of a tenant that does not take part is a 403 ({@link Viewer#originTenants}).</li>
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
    private final List<Tenant> participants;

    ParticipationScope(Tenant tenant, Project project, Consultation consultation, Poll poll, Reaction reaction,
            List<Tenant> participants) {
        this.tenant = tenant;
        this.project = project;
        this.consultation = consultation;
        this.poll = poll;
        this.reaction = reaction;
        this.participants = List.copyOf(participants);
    }

    /** For tests of the rules: a single-tenant chain. */
    public static ParticipationScope of(Tenant tenant, Project project, Consultation consultation, Poll poll,
            Reaction reaction) {
        return new ParticipationScope(tenant, project, consultation, poll, reaction, List.of(tenant));
    }

    /** The same chain with one poll of its consultation (for lists, which load the chain once). */
    public ParticipationScope withPoll(Poll poll) {
        return new ParticipationScope(tenant, project, consultation, poll, null, participants);
    }

    /** The same chain with one consultation of its project (for lists, which load the chain once). */
    public ParticipationScope withConsultation(Consultation consultation) {
        return new ParticipationScope(tenant, project, consultation, null, null, participants);
    }

    // --- who may see it

    /** Whether every link of the chain is visible to this viewer. */
    public boolean visibleTo(Viewer viewer) {
        return (project == null || Visibility.projects(viewer).contains(project.status()))
                && (consultation == null || Visibility.consultations(viewer).contains(consultation.recordedStatus()))
                && (poll == null || Visibility.polls(viewer).contains(poll.recordedStatus()))
                && (reaction == null || Visibility.reactions(viewer).contains(reaction.status()));
    }

    /**
     * This scope, or a 404 naming the item asked for (never a 403: a draft's existence is not told); a voter token
     * issued by a tenant that does not take part here is a 401.
     */
    public ParticipationScope requireVisibleTo(Viewer viewer) {
        if (!visibleTo(viewer)) {
            throw ProblemException.notFound("There is no " + deepest() + " with this id in this tenant.");
        }
        VoterTokens.Voter voter = viewer.voter();
        if (voter != null && voter.tenant() != null && !takesPart(voter.tenant())) {
            throw VoterTokens.invalid("The voter token was issued for another municipality.");
        }
        return this;
    }

    // --- which municipalities

    /** The tenants taking part (for a single-tenant item, just the tenant), sorted by slug. */
    public List<Tenant> participants() {
        return participants;
    }

    /** The slugs of the tenants taking part. */
    public List<String> participantSlugs() {
        return participants.stream().map(Tenant::slug).toList();
    }

    /** Whether this tenant takes part in the scope's project (for a tenant scope: is the tenant). */
    public boolean takesPart(String slug) {
        return project != null ? project.participates(slug) : tenant.slug().equals(slug);
    }

    /** Whether this is a village of one of the participating municipalities (what a resident may say they live in). */
    public boolean hasArea(String area) {
        return participants.stream().anyMatch(t -> t.hasArea(area));
    }

    /**
     * A field naming a village (null: none given) must name one of the participating municipalities' villages;
     * otherwise a 400 on that field.
     */
    public void requireArea(String field, String area) {
        if (area != null && !hasArea(area)) {
            throw ProblemException.invalidField(field, "not a village of " + (participants.size() > 1
                    ? "a municipality taking part" : "this municipality") + "; see GET /api/v1/tenants/"
                    + tenant.slug());
        }
    }

    /**
     * A resident's write may come from here: the path tenant's own origins (or none, or the service's own pages) pass
     * the HTTP layer already; an origin another tenant allows passes only when that tenant takes part (403 otherwise).
     */
    private void requireOriginOf(Viewer viewer) {
        java.util.Set<String> from = viewer.originTenants();
        if (from != null && from.stream().noneMatch(this::takesPart)) {
            throw ProblemException.forbidden("This web origin may not send changes to this municipality.");
        }
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
        requireOriginOf(viewer);
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
        requireOriginOf(viewer);
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
        requireOriginOf(viewer);
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

    /**
     * The editor (or admin) changing this scope's content: for a joint project, with that role on every participating
     * tenant (or {@code *}); 401 without a token, 403 otherwise.
     */
    public Official requireEditor(Viewer viewer) {
        Official official = viewer.requireRole(Role.EDITOR);
        for (String slug : participantSlugs()) {
            if (!official.hasAnyRole(slug, Role.EDITOR)) {
                throw ProblemException.forbidden("This is a joint project: changing it needs the role editor in every "
                        + "municipality that takes part (" + String.join(", ", participantSlugs()) + ").");
            }
        }
        return official;
    }

    /** An admin of every one of these tenants (or of {@code *}): who changes which municipalities take part. */
    public Official requireAdminOfAll(Viewer viewer, java.util.Collection<String> tenants) {
        Official official = viewer.requireRole(Role.ADMIN);
        for (String slug : tenants) {
            if (!official.hasAnyRole(slug, Role.ADMIN)) {
                throw ProblemException.forbidden("Changing which municipalities take part needs the role admin in "
                        + "each of them (" + String.join(", ", tenants) + ").");
            }
        }
        return official;
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
