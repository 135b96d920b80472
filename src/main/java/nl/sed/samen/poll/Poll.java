package nl.sed.samen.poll;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.sed.samen.common.Patch;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.WireEnums;
import nl.sed.samen.consultation.ConsultationStatus;
import org.hibernate.annotations.BatchSize;

/**
 * A poll (peiling) within a consultation, with its rules: which ballots are valid, when votes are taken, and who may
 * see the results when.
 */
@Entity
@Table(name = "poll")
public class Poll {

    @Id
    private UUID id;

    @Column(name = "tenant_slug")
    private String tenant;

    @Column(name = "consultation_id")
    private UUID consultationId;

    private String question;

    @Column(name = "max_choices")
    private int maxChoices;

    @Enumerated(EnumType.STRING)
    @Column(name = "results_visibility")
    private ResultsVisibility resultsVisibility;

    @Enumerated(EnumType.STRING)
    @Column(name = "voting_mode")
    private VotingMode votingMode;

    @Column(name = "opens_at")
    private Instant opensAt;

    @Column(name = "closes_at")
    private Instant closesAt;

    @Enumerated(EnumType.STRING)
    private PollStatus status;

    @Column(name = "opened_at")
    private Instant openedAt;

    @Column(name = "closed_at")
    private Instant closedAt;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Version
    private long version;

    @OneToMany(cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
    @JoinColumn(name = "poll_id", insertable = false, updatable = false)
    @OrderBy("position")
    @BatchSize(size = 100) // a page of polls loads its options in one query, not one per poll
    private List<PollOption> options = new ArrayList<>();

    protected Poll() {
    }

    static Poll draft(String tenant, UUID consultationId, VotingMode votingMode, Instant now) {
        Poll poll = new Poll();
        poll.id = UUID.randomUUID();
        poll.tenant = tenant;
        poll.consultationId = consultationId;
        poll.votingMode = votingMode;
        poll.resultsVisibility = ResultsVisibility.AFTER_VOTE;
        poll.maxChoices = 1;
        poll.status = PollStatus.DRAFT;
        poll.createdAt = now;
        poll.updatedAt = now;
        return poll;
    }

    /** A poll's fields; null means "unchanged" (or, when created, the default). */
    public record Details(String question, List<String> options, Integer maxChoices,
            ResultsVisibility resultsVisibility, VotingMode votingMode, Instant opensAt, Instant closesAt) {
    }

    /**
     * Applies the fields that change; returns whether any did. Question, options and ballot rules change only while
     * the poll is a draft, nothing once it is closed (409); a request that changes nothing is no change.
     */
    boolean describe(Details d, Instant now) {
        Patch ballot = new Patch()
                .field(question, d.question(), v -> question = v)
                .field(optionLabels(), d.options(), this::setOptions)
                .field(maxChoices, d.maxChoices(), v -> maxChoices = v)
                .field(votingMode, d.votingMode(), v -> votingMode = v)
                .field(opensAt, d.opensAt(), v -> opensAt = v);
        Patch other = new Patch()
                .field(resultsVisibility, d.resultsVisibility(), v -> resultsVisibility = v)
                .field(closesAt, d.closesAt(), v -> closesAt = v);
        if (ballot.isEmpty() && other.isEmpty()) {
            return false;
        }
        if (!ballot.isEmpty() && status != PollStatus.DRAFT) {
            throw ProblemException.conflict("The question, options and voting rules of a poll can change only while it "
                    + "is a draft.");
        }
        if (status(now) == PollStatus.CLOSED) {
            throw ProblemException.conflict("A closed poll can no longer be changed.");
        }
        ballot.apply();
        other.apply();
        if (maxChoices > options.size()) {
            throw ProblemException.invalidField("maxChoices", "must not exceed the number of options");
        }
        if (opensAt != null && closesAt != null && !closesAt.isAfter(opensAt)) {
            throw ProblemException.invalidField("closesAt", "must be after opensAt");
        }
        updatedAt = now;
        return true;
    }

    private List<String> optionLabels() {
        return options.stream().map(PollOption::label).toList();
    }

    private void setOptions(List<String> labels) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            if (!seen.add(labels.get(i).strip().toLowerCase(java.util.Locale.ROOT))) {
                throw ProblemException.invalidField("options[" + i + "].label", "the same answer is offered twice");
            }
        }
        options.clear();
        for (int i = 0; i < labels.size(); i++) {
            options.add(new PollOption(id, i, labels.get(i)));
        }
    }

    public PollStatus status(Instant now) {
        if (status == PollStatus.OPEN && closesAt != null && !now.isBefore(closesAt)) {
            return PollStatus.CLOSED;
        }
        return status;
    }

    /** Its own part of "takes votes now": open and within its hours ({@code ParticipationScope} adds the rest). */
    public boolean acceptsVotes(Instant now) {
        return status(now) == PollStatus.OPEN && (opensAt == null || !now.isBefore(opensAt));
    }

    /**
     * Moves draft → open → closed; asking for the current status is a no-op (false), other moves a 409. A poll opens
     * only while its consultation is open ({@code consultation}: the consultation's status now), so a poll never takes
     * votes where its consultation takes no input.
     */
    boolean moveTo(PollStatus target, ConsultationStatus consultation, Instant now) {
        PollStatus current = status(now);
        if (target == current) {
            return false;
        }
        if (current == PollStatus.DRAFT && target == PollStatus.OPEN) {
            if (consultation != ConsultationStatus.OPEN) {
                throw ProblemException.conflict("A poll opens only while its consultation is open; the consultation "
                        + "is " + WireEnums.value(consultation) + ".");
            }
            if (closesAt != null && !now.isBefore(closesAt)) {
                throw ProblemException.conflict("The closing time lies in the past; move closesAt first.");
            }
            status = PollStatus.OPEN;
            openedAt = now;
        } else if (current == PollStatus.OPEN && target == PollStatus.CLOSED) {
            status = PollStatus.CLOSED;
            closedAt = now;
        } else {
            throw ProblemException.conflict("A poll cannot go from " + WireEnums.value(current) + " to "
                    + WireEnums.value(target) + ".");
        }
        updatedAt = now;
        return true;
    }

    /**
     * The ballot as the rules allow it: the options exist, are distinct and no more than {@code maxChoices}. Returns
     * the option ids in the poll's order. (Whether the poll takes votes now is the scope's question.)
     */
    List<UUID> validBallot(List<UUID> chosen) {
        if (chosen.size() > maxChoices) {
            throw ProblemException.invalidField("optionIds", "choose at most " + maxChoices);
        }
        if (new HashSet<>(chosen).size() != chosen.size()) {
            throw ProblemException.invalidField("optionIds", "an option is chosen twice");
        }
        List<UUID> ordered = new ArrayList<>();
        for (PollOption option : options) {
            if (chosen.contains(option.id())) {
                ordered.add(option.id());
            }
        }
        if (ordered.size() != chosen.size()) {
            throw ProblemException.invalidField("optionIds", "not an option of this poll");
        }
        return ordered;
    }

    /** Whether the public (not officials) may see the counts now, given whether this caller has voted. */
    boolean resultsVisibleTo(boolean hasVoted, Instant now) {
        return switch (resultsVisibility) {
            case ALWAYS -> true;
            case AFTER_VOTE -> hasVoted || status(now) == PollStatus.CLOSED;
            case AFTER_CLOSE -> status(now) == PollStatus.CLOSED;
        };
    }

    /** The status as last recorded, before the closing time is applied ({@link #status(Instant)} applies it). */
    public PollStatus recordedStatus() {
        return status;
    }

    public UUID id() {
        return id;
    }

    public String tenant() {
        return tenant;
    }

    public UUID consultationId() {
        return consultationId;
    }

    public String question() {
        return question;
    }

    public int maxChoices() {
        return maxChoices;
    }

    public ResultsVisibility resultsVisibility() {
        return resultsVisibility;
    }

    public VotingMode votingMode() {
        return votingMode;
    }

    public Instant opensAt() {
        return opensAt;
    }

    public Instant closesAt() {
        return closesAt;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public Instant closedAt(Instant now) {
        return closedAt != null ? closedAt : status(now) == PollStatus.CLOSED ? closesAt : null;
    }

    public List<PollOption> options() {
        return List.copyOf(options);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
