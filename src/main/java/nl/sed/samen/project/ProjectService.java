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
import nl.sed.samen.tenancy.TenantOrigins;
import nl.sed.samen.tenancy.TenantRepository;
import nl.sed.samen.webhook.WebhookEvents;

/**
 * Projects: creating, describing, publishing and archiving them, sharing them with other municipalities (joint
 * projects), and reading them per viewer.
 */
@ApplicationScoped
@Transactional
public class ProjectService {

    private final ProjectRepository projects;
    private final Scopes scopes;
    private final AuditLog audit;
    private final Clock clock;
    private final Event<ParticipationScope.Changed> changed;
    private final WebhookEvents webhooks;
    private final TenantRepository tenantRepository;
    private final TenantOrigins origins;

    public ProjectService(ProjectRepository projects, Scopes scopes, AuditLog audit, Clock clock,
            Event<ParticipationScope.Changed> changed, WebhookEvents webhooks, TenantRepository tenantRepository,
            TenantOrigins origins) {
        this.tenantRepository = tenantRepository;
        this.origins = origins;
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
        requireAreas(scopes.tenant(tenant.slug()), request.areas());
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
        viewer.requireRole(Role.EDITOR);
        ParticipationScope scope = scopes.project(viewer.tenant(), id);
        Official official = scope.requireEditor(viewer);
        Project project = scope.project();
        requireAreas(scope, request.areas());
        ProjectResponse before = ProjectResponse.from(project);
        Instant now = clock.now();
        boolean described = project.describe(request.details(), now);
        boolean moved = request.status() != null && project.moveTo(request.status(), now);
        if (described || moved) {
            projects.flush();
            audit.record(scope.participantSlugs(), official, moved ? "project.status-changed" : "project.updated",
                    "project", id, before, ProjectResponse.from(project));
            changed.fire(new ParticipationScope.Changed(viewer.tenant()));
            if (moved) {
                webhooks.projectChanged(project.tenant(), id);
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

    /**
     * Makes the project joint, or changes who takes part: the lead always does; every tenant added or removed, and
     * every one taking part before, must be one the caller is admin of (or {@code *}). A tenant leaves only while
     * nothing of it is attached: no reaction or ballot came through its path (409 otherwise). Audited in the log of
     * every tenant concerned.
     */
    public Project shareWith(Viewer viewer, UUID id, List<String> tenants) {
        viewer.requireRole(Role.ADMIN);
        ParticipationScope scope = scopes.project(viewer.tenant(), id);
        Project project = scope.project();
        java.util.Set<String> next = new java.util.TreeSet<>(tenants);
        java.util.Set<String> concerned = new java.util.TreeSet<>(project.participants());
        concerned.addAll(next);
        Official official = scope.requireAdminOfAll(viewer, concerned);
        for (String slug : next) {
            if (tenantRepository.findByIdOptional(slug).isEmpty()) {
                throw ProblemException.invalidField("tenants", "'" + (slug.matches("[a-z0-9-]{1,64}") ? slug : "?")
                        + "' is not a tenant");
            }
        }
        List<String> leaving = project.participants().stream().filter(t -> !next.contains(t)).toList();
        if (!leaving.isEmpty() && projects.hasInputThrough(id, leaving)) {
            throw ProblemException.conflict("Residents took part in this project through "
                    + String.join(", ", leaving) + ": that municipality's input is attached, so it cannot leave.");
        }
        ProjectResponse before = ProjectResponse.from(project);
        if (project.shareWith(next, clock.now())) {
            projects.flush();
            audit.record(concerned, official, "project.participants-changed", "project", id, before,
                    ProjectResponse.from(project));
            changed.fire(new ParticipationScope.Changed(viewer.tenant()));
            origins.refresh();
        }
        return project;
    }

    /** Every area must be a village of a municipality taking part (of the tenant, for a project of one). */
    private static void requireAreas(ParticipationScope scope, List<String> areas) {
        if (areas == null) {
            return;
        }
        for (int i = 0; i < areas.size(); i++) {
            scope.requireArea("areas[" + i + "]", areas.get(i));
        }
    }
}
