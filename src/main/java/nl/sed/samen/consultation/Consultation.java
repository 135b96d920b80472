package nl.sed.samen.consultation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.sed.samen.common.Patch;
import nl.sed.samen.common.Problem;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.ProblemType;
import nl.sed.samen.common.WireEnums;
import nl.sed.samen.tenancy.ModerationMode;

/**
 * One moment of input within a project (raadpleging). Its lifecycle rules live here: it opens only with the Manifest
 * Burgerparticipatie fields filled in (what is open for input, what is fixed, who decides, the rung of the ladder and when
 * participants hear back), it is open only between opening and {@code closesAt}, and it becomes reported only through
 * published feedback. Whether it takes input from whom, with its project and audience, is
 * {@code participation.ParticipationScope}'s question.
 */
@Entity
@Table(name = "consultation")
public class Consultation {

    /** The municipalities' own time zone, for comparing dates such as the feedback due date. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

    @Id
    private UUID id;

    @Column(name = "tenant_slug")
    private String tenant;

    @Column(name = "project_id")
    private UUID projectId;

    private String title;
    private String question;
    private String description;

    @Enumerated(EnumType.STRING)
    @Column(name = "participation_level")
    private ParticipationLevel participationLevel;

    @Column(name = "open_for_input")
    private String openForInput;

    private String fixed;

    @Column(name = "decision_maker")
    private String decisionMaker;

    @Column(name = "opens_at")
    private Instant opensAt;

    @Column(name = "closes_at")
    private Instant closesAt;

    @Column(name = "feedback_due_date")
    private LocalDate feedbackDueDate;

    @Enumerated(EnumType.STRING)
    @Column(name = "moderation_mode")
    private ModerationMode moderationMode;

    @Enumerated(EnumType.STRING)
    private Audience audience;

    @Enumerated(EnumType.STRING)
    private ConsultationStatus status;

    @Column(name = "opened_at")
    private Instant openedAt;

    @Column(name = "closed_at")
    private Instant closedAt;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Column(name = "feedback_summary")
    private String feedbackSummary;

    @Column(name = "feedback_decision")
    private String feedbackDecision;

    @Column(name = "feedback_decided_by")
    private String feedbackDecidedBy;

    @Column(name = "feedback_changes")
    private String feedbackChanges;

    @Column(name = "feedback_published_at")
    private Instant feedbackPublishedAt;

    @Column(name = "feedback_updated_at")
    private Instant feedbackUpdatedAt;

    @Version
    private long version;

    protected Consultation() {
    }

    static Consultation draft(String tenant, UUID projectId, String title, ModerationMode moderationMode,
            Audience audience, Instant now) {
        Consultation consultation = new Consultation();
        consultation.id = UUID.randomUUID();
        consultation.tenant = tenant;
        consultation.projectId = projectId;
        consultation.title = title;
        consultation.moderationMode = moderationMode;
        consultation.audience = audience;
        consultation.status = ConsultationStatus.DRAFT;
        consultation.createdAt = now;
        consultation.updatedAt = now;
        return consultation;
    }

    /** A consultation's describing fields; null means "unchanged" (or, when created, "none"). */
    public record Details(String title, String question, String description, ParticipationLevel participationLevel,
            String openForInput, String fixed, String decisionMaker, Instant opensAt, Instant closesAt,
            LocalDate feedbackDueDate, ModerationMode moderationMode, Audience audience) {
    }

    /**
     * Applies the fields that change; returns whether any did. A closed or reported consultation can no longer change
     * (409), but a request that changes nothing is no change whatever the status.
     */
    boolean describe(Details d, Instant now) {
        Patch patch = new Patch()
                .field(title, d.title(), v -> title = v)
                .field(question, d.question(), v -> question = v)
                .field(description, d.description(), v -> description = v)
                .field(participationLevel, d.participationLevel(), v -> participationLevel = v)
                .field(openForInput, d.openForInput(), v -> openForInput = v)
                .field(fixed, d.fixed(), v -> fixed = v)
                .field(decisionMaker, d.decisionMaker(), v -> decisionMaker = v)
                .field(opensAt, d.opensAt(), v -> opensAt = v)
                .field(closesAt, d.closesAt(), v -> closesAt = v)
                .field(feedbackDueDate, d.feedbackDueDate(), v -> feedbackDueDate = v)
                .field(moderationMode, d.moderationMode(), v -> moderationMode = v)
                .field(audience, d.audience(), v -> audience = v);
        if (patch.isEmpty()) {
            return false;
        }
        if (status(now) == ConsultationStatus.CLOSED || status == ConsultationStatus.REPORTED) {
            throw ProblemException.conflict("A " + WireEnums.value(status(now)) + " consultation can no longer be changed.");
        }
        patch.apply();
        requireConsistentDates();
        updatedAt = now;
        return true;
    }

    /**
     * The status as residents meet it: an open consultation whose closing time has passed is closed, even before anyone
     * records that.
     */
    public ConsultationStatus status(Instant now) {
        if (status == ConsultationStatus.OPEN && closesAt != null && !now.isBefore(closesAt)) {
            return ConsultationStatus.CLOSED;
        }
        return status;
    }

    /** Whether it is open for input now: open, and within the opening hours when those are set (its own part of the
     * rule; {@code ParticipationScope#acceptsReactions} adds the project). */
    public boolean acceptsInput(Instant now) {
        return status(now) == ConsultationStatus.OPEN && (opensAt == null || !now.isBefore(opensAt));
    }

    /** Moves draft → open → closed; asking for the current status is a no-op (false), other moves a 409. */
    boolean moveTo(ConsultationStatus target, Instant now) {
        ConsultationStatus current = status(now);
        if (target == current) {
            return false;
        }
        switch (target) {
            case OPEN -> open(current, now);
            case CLOSED -> close(current, now);
            case REPORTED -> throw ProblemException.conflict(
                    "A consultation becomes reported by publishing its feedback (PUT …/feedback), not by a status change.");
            case DRAFT -> throw illegal(current, target);
        }
        updatedAt = now;
        return true;
    }

    private void open(ConsultationStatus current, Instant now) {
        if (current != ConsultationStatus.DRAFT) {
            throw illegal(current, ConsultationStatus.OPEN);
        }
        List<Problem.FieldError> missing = new ArrayList<>();
        requirePresent(missing, "participationLevel", participationLevel);
        requirePresent(missing, "openForInput", openForInput);
        requirePresent(missing, "fixed", fixed);
        requirePresent(missing, "decisionMaker", decisionMaker);
        requirePresent(missing, "feedbackDueDate", feedbackDueDate);
        if (!missing.isEmpty()) {
            throw new ProblemException(ProblemType.CONFLICT, "A consultation opens only when it says what is open for "
                    + "input, what is fixed, who decides, its rung on the participation ladder and when participants "
                    + "hear back (Manifest Burgerparticipatie).", missing, Map.of());
        }
        if (closesAt != null && !now.isBefore(closesAt)) {
            throw ProblemException.conflict("The closing time lies in the past; move closesAt first.");
        }
        status = ConsultationStatus.OPEN;
        openedAt = now;
    }

    private void close(ConsultationStatus current, Instant now) {
        if (current != ConsultationStatus.OPEN) {
            throw illegal(current, ConsultationStatus.CLOSED);
        }
        status = ConsultationStatus.CLOSED;
        closedAt = now;
    }

    /**
     * Publishes the feedback (terugkoppeling): allowed once the consultation is closed, and it makes it reported. It may
     * be corrected afterwards. Returns whether this was the first publication (the moment residents are told).
     */
    public boolean publishFeedback(String summary, String decision, String decidedBy, String changes, Instant now) {
        ConsultationStatus current = status(now);
        if (current != ConsultationStatus.CLOSED && current != ConsultationStatus.REPORTED) {
            throw ProblemException.conflict("Feedback can be published once the consultation is closed; it is "
                    + WireEnums.value(current) + ".");
        }
        boolean first = feedbackPublishedAt == null;
        feedbackSummary = summary;
        feedbackDecision = decision;
        feedbackDecidedBy = decidedBy == null ? decisionMaker : decidedBy;
        feedbackChanges = changes;
        if (first) {
            feedbackPublishedAt = now;
            if (closedAt == null) {
                closedAt = closesAt != null && !now.isBefore(closesAt) ? closesAt : now;
            }
        }
        feedbackUpdatedAt = now;
        status = ConsultationStatus.REPORTED;
        updatedAt = now;
        return first;
    }

    /** Whether the feedback came on or before its due date (null while there is no feedback or no due date). */
    public Boolean feedbackOnTime() {
        if (feedbackPublishedAt == null || feedbackDueDate == null) {
            return null;
        }
        return !LocalDate.ofInstant(feedbackPublishedAt, ZONE).isAfter(feedbackDueDate);
    }

    public String feedbackSummary() {
        return feedbackSummary;
    }

    public String feedbackDecision() {
        return feedbackDecision;
    }

    public String feedbackDecidedBy() {
        return feedbackDecidedBy;
    }

    public String feedbackChanges() {
        return feedbackChanges;
    }

    public Instant feedbackPublishedAt() {
        return feedbackPublishedAt;
    }

    public Instant feedbackUpdatedAt() {
        return feedbackUpdatedAt;
    }

    private void requireConsistentDates() {
        if (opensAt != null && closesAt != null && !closesAt.isAfter(opensAt)) {
            throw ProblemException.invalidField("closesAt", "must be after opensAt");
        }
        if (closesAt != null && feedbackDueDate != null && feedbackDueDate.isBefore(LocalDate.ofInstant(closesAt, ZONE))) {
            throw ProblemException.invalidField("feedbackDueDate", "must not be before the day the consultation closes");
        }
    }

    private static void requirePresent(List<Problem.FieldError> missing, String field, Object value) {
        if (value == null || value instanceof String text && text.isBlank()) {
            missing.add(new Problem.FieldError(field, "required before the consultation can open"));
        }
    }

    private static ProblemException illegal(ConsultationStatus from, ConsultationStatus to) {
        return ProblemException.conflict("A consultation cannot go from " + WireEnums.value(from) + " to "
                + WireEnums.value(to) + ".");
    }

    /** The status as last recorded, before the closing time is applied ({@link #status(Instant)} applies it). */
    public ConsultationStatus recordedStatus() {
        return status;
    }

    public UUID id() {
        return id;
    }

    public String tenant() {
        return tenant;
    }

    public UUID projectId() {
        return projectId;
    }

    public String title() {
        return title;
    }

    public String question() {
        return question;
    }

    public String description() {
        return description;
    }

    public ParticipationLevel participationLevel() {
        return participationLevel;
    }

    public String openForInput() {
        return openForInput;
    }

    public String fixed() {
        return fixed;
    }

    public String decisionMaker() {
        return decisionMaker;
    }

    public Instant opensAt() {
        return opensAt;
    }

    public Instant closesAt() {
        return closesAt;
    }

    public LocalDate feedbackDueDate() {
        return feedbackDueDate;
    }

    public ModerationMode moderationMode() {
        return moderationMode;
    }

    public Audience audience() {
        return audience;
    }

    public Instant openedAt() {
        return openedAt;
    }

    /** When it closed: recorded by an official, or else its closing time once that has passed. */
    public Instant closedAt(Instant now) {
        if (closedAt != null) {
            return closedAt;
        }
        return status(now) == ConsultationStatus.CLOSED ? closesAt : null;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
