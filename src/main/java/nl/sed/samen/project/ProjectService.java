package nl.sed.samen.project;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import nl.sed.samen.audit.AuditLog;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.PageRequest;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.Slice;
import nl.sed.samen.participation.ParticipationScope;
import nl.sed.samen.participation.Scopes;
import nl.sed.samen.participation.Viewer;
import nl.sed.samen.participation.Visibility;
import nl.sed.samen.security.Official;
import nl.sed.samen.security.Role;
import nl.sed.samen.tenancy.Tenant;
import nl.sed.samen.webhook.WebhookEvents;

/** Projects of one tenant: creating, describing, publishing and archiving them, and reading them per viewer. */
@ApplicationScoped
@Transactional
public class ProjectService {

    private final ProjectRepository projects;
    private final Scopes scopes;
    private final AuditLog audit;
    private final Clock clock;
    private final Event<ParticipationScope.Changed> changed;
    private final WebhookEvents webhooks;

    public ProjectService(ProjectRepository projects, Scopes scopes, AuditLog audit, Clock clock,
            Event<ParticipationScope.Changed> changed, WebhookEvents webhooks) {
        this.webhooks = webhooks;
        this.changed = changed;
        this.projects = projects;
        this.scopes = scopes;
        this.audit = audit;
        this.clock = clock;
    }

    public Project create(Viewer viewer, ProjectRequests.Create request) {
        Official official = viewer.requireRole(Role.EDITOR);
        Tenant tenant = scopes.tenant(viewer.tenant()).tenant();
        requireAreas(tenant, request.areas());
        Instant now = clock.now();
        Project project = Project.draft(tenant.slug(), now);
        project.describe(request.details(), now);
        projects.persist(project);
        audit.record(tenant.slug(), official, "project.created", "project", project.id(), null,
                ProjectResponse.from(project));
        return project;
    }

    /** Only what changes is written: an unchanged request (or a move to the current status) records nothing. */
    public Project update(Viewer viewer, UUID id, ProjectRequests.Update request) {
        Official official = viewer.requireRole(Role.EDITOR);
        ParticipationScope scope = scopes.project(viewer.tenant(), id);
        Project project = scope.project();
        requireAreas(scope.tenant(), request.areas());
        ProjectResponse before = ProjectResponse.from(project);
        Instant now = clock.now();
        boolean described = project.describe(request.details(), now);
        boolean moved = request.status() != null && project.moveTo(request.status(), now);
        if (described || moved) {
            projects.flush();
            audit.record(viewer.tenant(), official, moved ? "project.status-changed" : "project.updated", "project", id,
                    before, ProjectResponse.from(project));
            changed.fire(new ParticipationScope.Changed(viewer.tenant()));
            if (moved) {
                webhooks.projectChanged(viewer.tenant(), id);
            }
        }
        return project;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Project get(Viewer viewer, UUID id) {
        return scopes.project(viewer.tenant(), id).requireVisibleTo(viewer).project();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Slice<Project> list(Viewer viewer, PageRequest page) {
        scopes.tenant(viewer.tenant());
        return page.slice(projects.page(viewer.tenant(), Visibility.projects(viewer), page),
                p -> new PageRequest.Position(p.createdAt(), p.id()));
    }

    private static void requireAreas(Tenant tenant, List<String> areas) {
        if (areas == null) {
            return;
        }
        for (int i = 0; i < areas.size(); i++) {
            if (!tenant.hasArea(areas.get(i))) {
                throw ProblemException.invalidField("areas[" + i + "]", "not a village of this municipality; see "
                        + "GET /api/v1/tenants/" + tenant.slug());
            }
        }
    }
}
