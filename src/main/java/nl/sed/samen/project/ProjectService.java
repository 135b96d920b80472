package nl.sed.samen.project;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import nl.sed.samen.audit.AuditLog;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.Page;
import nl.sed.samen.common.PageRequest;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.security.Official;
import nl.sed.samen.tenancy.Tenant;
import nl.sed.samen.tenancy.TenantRepository;

/** Projects of one tenant: creating, describing, publishing and archiving them, and reading them per viewer. */
@ApplicationScoped
@Transactional
public class ProjectService {

    private final ProjectRepository projects;
    private final TenantRepository tenants;
    private final AuditLog audit;
    private final Clock clock;

    public ProjectService(ProjectRepository projects, TenantRepository tenants, AuditLog audit, Clock clock) {
        this.projects = projects;
        this.tenants = tenants;
        this.audit = audit;
        this.clock = clock;
    }

    public ProjectResponse create(String tenantSlug, Official official, ProjectRequests.Create request) {
        Tenant tenant = tenants.require(tenantSlug);
        requireAreas(tenant, request.areas());
        Instant now = clock.now();
        Project project = Project.draft(tenantSlug, now);
        project.describe(request.title(), request.summary(), request.body(), request.theme(), request.areas(),
                request.contact(), now);
        projects.persist(project);
        ProjectResponse response = ProjectResponse.from(project);
        audit.record(tenantSlug, official, "project.created", "project", project.id(), null, response);
        return response;
    }

    public ProjectResponse update(String tenantSlug, UUID id, Official official, ProjectRequests.Update request) {
        Tenant tenant = tenants.require(tenantSlug);
        Project project = projects.require(tenantSlug, id, true);
        requireAreas(tenant, request.areas());
        ProjectResponse before = ProjectResponse.from(project);
        project.describe(request.title(), request.summary(), request.body(), request.theme(), request.areas(),
                request.contact(), clock.now());
        if (request.status() != null) {
            project.moveTo(request.status(), clock.now());
        }
        projects.flush();
        ProjectResponse after = ProjectResponse.from(project);
        if (!after.equals(before)) {
            audit.record(tenantSlug, official, before.status() == after.status() ? "project.updated"
                    : "project.status-changed", "project", id, before, after);
        }
        return after;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ProjectResponse get(String tenant, UUID id, boolean includeDrafts) {
        return ProjectResponse.from(projects.require(tenant, id, includeDrafts));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ProjectResponse> list(String tenant, boolean includeDrafts, PageRequest page, UriInfo uriInfo) {
        tenants.require(tenant);
        List<Project> rows = projects.page(tenant, includeDrafts, page);
        return page.page(rows, p -> new PageRequest.Position(p.createdAt(), p.id()), ProjectResponse::from, uriInfo);
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
