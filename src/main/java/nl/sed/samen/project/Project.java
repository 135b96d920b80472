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
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.WireEnums;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A policy trajectory of one municipality (for example "Woonvisie Enkhuizen 2030"), under which consultations are held.
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
        project.createdAt = now;
        project.updatedAt = now;
        return project;
    }

    void describe(String title, String summary, String body, String theme, List<String> areas, String contact,
            Instant now) {
        requireEditable();
        if (title != null) {
            this.title = title;
        }
        if (summary != null) {
            this.summary = summary;
        }
        if (body != null) {
            this.body = body;
        }
        if (theme != null) {
            this.theme = theme;
        }
        if (areas != null) {
            this.areas = List.copyOf(areas);
        }
        if (contact != null) {
            this.contact = contact;
        }
        this.updatedAt = now;
    }

    /** Moves along draft → published → archived; any other move is a 409. Asking for the current status is a no-op. */
    void moveTo(ProjectStatus target, Instant now) {
        if (target == status) {
            return;
        }
        if (!status.canMoveTo(target)) {
            throw ProblemException.conflict("A project cannot go from " + WireEnums.value(status) + " to "
                    + WireEnums.value(target) + ".");
        }
        status = target;
        updatedAt = now;
    }

    private void requireEditable() {
        if (status == ProjectStatus.ARCHIVED) {
            throw ProblemException.conflict("An archived project can no longer be changed.");
        }
    }

    /** Residents see a project once it is published, and still after it is archived. */
    public boolean isPublic() {
        return status != ProjectStatus.DRAFT;
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
