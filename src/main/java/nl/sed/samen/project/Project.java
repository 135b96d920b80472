package nl.sed.samen.project;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import nl.sed.samen.common.Patch;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.WireEnums;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A policy trajectory (for example "Woonvisie Enkhuizen 2030"), under which consultations are held. It belongs to the
 * tenant that created it (the lead, {@link #tenant}) and, when it is a joint project, to the other municipalities that
 * take part ({@link #participants}, the lead always among them): everything under it is listed and read under each
 * participant's path with the same ids.
 */
@Entity
@Table(name = "project")
public class Project {

    @Id
    private UUID id;

    @Column(name = "tenant_slug")
    private String tenant;

    private String title;
    private String summary;
    private String body;
    private String theme;

    @JdbcTypeCode(SqlTypes.ARRAY)
    private List<String> areas;

    @JdbcTypeCode(SqlTypes.ARRAY)
    private List<String> participants;

    private String contact;

    @Enumerated(EnumType.STRING)
    private ProjectStatus status;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Version
    private long version;

    protected Project() {
    }

    static Project draft(String tenant, Instant now) {
        Project project = new Project();
        project.id = UUID.randomUUID();
        project.tenant = tenant;
        project.status = ProjectStatus.DRAFT;
        project.areas = List.of();
        project.participants = List.of(tenant);
        project.createdAt = now;
        project.updatedAt = now;
        return project;
    }

    /** A project's descriptive fields; null means "unchanged" (or, when created, "none"). */
    public record Details(String title, String summary, String body, String theme, List<String> areas,
            String contact) {
    }

    /** Applies the fields that change; returns whether any did. An archived project changes no more (409). */
    boolean describe(Details details, Instant now) {
        Patch patch = new Patch()
                .field(title, details.title(), v -> title = v)
                .field(summary, details.summary(), v -> summary = v)
                .field(body, details.body(), v -> body = v)
                .field(theme, details.theme(), v -> theme = v)
                .field(areas, details.areas() == null ? null : List.copyOf(details.areas()), v -> areas = v)
                .field(contact, details.contact(), v -> contact = v);
        if (patch.isEmpty()) {
            return false;
        }
        if (status == ProjectStatus.ARCHIVED) {
            throw ProblemException.conflict("An archived project can no longer be changed.");
        }
        patch.apply();
        updatedAt = now;
        return true;
    }

    /**
     * Moves along draft → published → archived; any other move is a 409. Asking for the current status is a no-op
     * (returns false), so archiving an archived project changes nothing.
     */
    boolean moveTo(ProjectStatus target, Instant now) {
        if (target == status) {
            return false;
        }
        if (!status.canMoveTo(target)) {
            throw ProblemException.conflict("A project cannot go from " + WireEnums.value(status) + " to "
                    + WireEnums.value(target) + ".");
        }
        status = target;
        updatedAt = now;
        return true;
    }

    /**
     * Sets the municipalities taking part (the lead is always one of them; 409 otherwise); returns whether that
     * changed. Who may do this, and whether a tenant may leave, is {@code ProjectService}'s question.
     */
    boolean shareWith(java.util.Collection<String> tenants, Instant now) {
        List<String> next = tenants.stream().distinct().sorted().toList();
        if (!next.contains(tenant)) {
            throw ProblemException.conflict("The lead municipality (" + tenant + ") always takes part in its project.");
        }
        if (next.equals(participants())) {
            return false;
        }
        participants = next;
        updatedAt = now;
        return true;
    }

    /** Whether this tenant takes part: the lead, or a participant of a joint project. */
    public boolean participates(String tenant) {
        return participants.contains(tenant);
    }

    /** Whether more than one municipality takes part. */
    public boolean isJoint() {
        return participants.size() > 1;
    }

    /** The tenants taking part, sorted as {@link #shareWith} stores them (the lead among them). */
    public List<String> participants() {
        return List.copyOf(participants);
    }

    public UUID id() {
        return id;
    }

    public String tenant() {
        return tenant;
    }

    public String title() {
        return title;
    }

    public String summary() {
        return summary;
    }

    public String body() {
        return body;
    }

    public String theme() {
        return theme;
    }

    public List<String> areas() {
        return List.copyOf(areas);
    }

    public String contact() {
        return contact;
    }

    public ProjectStatus status() {
        return status;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
