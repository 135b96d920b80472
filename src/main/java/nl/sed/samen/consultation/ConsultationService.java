package nl.sed.samen.consultation;

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
import nl.sed.samen.project.Project;
import nl.sed.samen.project.ProjectRepository;
import nl.sed.samen.security.Official;
import nl.sed.samen.tenancy.Tenant;
import nl.sed.samen.tenancy.TenantRepository;

/** Consultations of one tenant: preparing, opening and closing them, and reading them per viewer. */
@ApplicationScoped
@Transactional
public class ConsultationService {

    private final ConsultationRepository consultations;
    private final ProjectRepository projects;
    private final TenantRepository tenants;
    private final AuditLog audit;
    private final Clock clock;

    public ConsultationService(ConsultationRepository consultations, ProjectRepository projects,
            TenantRepository tenants, AuditLog audit, Clock clock) {
        this.consultations = consultations;
        this.projects = projects;
        this.tenants = tenants;
        this.audit = audit;
        this.clock = clock;
    }

    public ConsultationResponse create(String tenantSlug, UUID projectId, Official official,
            ConsultationRequests.Create request) {
        Tenant tenant = tenants.require(tenantSlug);
        Project project = projects.require(tenantSlug, projectId, true);
        Instant now = clock.now();
        Consultation consultation = Consultation.draft(tenantSlug, project.id(), request.title(),
                request.moderationMode() == null ? tenant.defaultModerationMode() : request.moderationMode(),
                request.audience() == null ? Audience.EVERYONE : request.audience(), now);
        consultation.describe(request, now);
        consultations.persist(consultation);
        ConsultationResponse response = ConsultationResponse.from(consultation, now);
        audit.record(tenantSlug, official, "consultation.created", "consultation", consultation.id(), null, response);
        return response;
    }

    public ConsultationResponse update(String tenant, UUID id, Official official, ConsultationRequests.Update request) {
        Consultation consultation = consultations.require(tenant, id, true);
        Instant now = clock.now();
        ConsultationResponse before = ConsultationResponse.from(consultation, now);
        if (hasFields(request)) {
            consultation.describe(request, now);
        }
        if (request.status() != null) {
            consultation.moveTo(request.status(), now);
        }
        consultations.flush();
        ConsultationResponse after = ConsultationResponse.from(consultation, now);
        if (!after.equals(before)) {
            audit.record(tenant, official, before.status() == after.status() ? "consultation.updated"
                    : "consultation.status-changed", "consultation", id, before, after);
        }
        return after;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ConsultationResponse get(String tenant, UUID id, boolean includeDrafts) {
        return ConsultationResponse.from(consultations.require(tenant, id, includeDrafts), clock.now());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ConsultationResponse> list(String tenant, UUID projectId, boolean includeDrafts, PageRequest page,
            UriInfo uriInfo) {
        tenants.require(tenant);
        projects.require(tenant, projectId, includeDrafts);
        Instant now = clock.now();
        List<Consultation> rows = consultations.page(tenant, projectId, includeDrafts, page);
        return page.page(rows, c -> new PageRequest.Position(c.createdAt(), c.id()),
                c -> ConsultationResponse.from(c, now), uriInfo);
    }

    private static boolean hasFields(ConsultationRequests.Update r) {
        return r.title() != null || r.question() != null || r.description() != null || r.participationLevel() != null
                || r.openForInput() != null || r.fixed() != null || r.decisionMaker() != null || r.opensAt() != null
                || r.closesAt() != null || r.feedbackDueDate() != null || r.moderationMode() != null
                || r.audience() != null;
    }
}
