package nl.sed.samen.consultation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;
import nl.sed.samen.audit.AuditLog;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.PageRequest;
import nl.sed.samen.common.Slice;
import nl.sed.samen.participation.ParticipationScope;
import nl.sed.samen.participation.Scopes;
import nl.sed.samen.participation.Viewer;
import nl.sed.samen.participation.Visibility;
import nl.sed.samen.security.Official;
import nl.sed.samen.security.Role;
import nl.sed.samen.webhook.WebhookEvents;

/** Consultations of one tenant: preparing, opening and closing them, and reading them per viewer. */
@ApplicationScoped
@Transactional
public class ConsultationService {

    private final ConsultationRepository consultations;
    private final Scopes scopes;
    private final AuditLog audit;
    private final Clock clock;
    private final Event<ParticipationScope.Changed> changed;
    private final WebhookEvents webhooks;

    public ConsultationService(ConsultationRepository consultations, Scopes scopes, AuditLog audit, Clock clock,
            Event<ParticipationScope.Changed> changed, WebhookEvents webhooks) {
        this.webhooks = webhooks;
        this.changed = changed;
        this.consultations = consultations;
        this.scopes = scopes;
        this.audit = audit;
        this.clock = clock;
    }

    public ParticipationScope create(Viewer viewer, UUID projectId, ConsultationRequests.Create request) {
        viewer.requireRole(Role.EDITOR);
        ParticipationScope project = scopes.project(viewer.tenant(), projectId);
        Official official = project.requireEditor(viewer);
        Instant now = clock.now();
        Consultation consultation = Consultation.draft(project.project().tenant(), projectId, request.title(),
                request.moderationMode() == null ? project.tenant().defaultModerationMode() : request.moderationMode(),
                request.audience() == null ? Audience.EVERYONE : request.audience(), now);
        consultation.describe(request.details(), now);
        consultations.persist(consultation);
        ParticipationScope scope = project.withConsultation(consultation);
        audit.record(scope.participantSlugs(), official, "consultation.created", "consultation", consultation.id(), null,
                ConsultationResponse.from(scope, now));
        return scope;
    }

    /** Only what changes is written: an unchanged request (or a move to the current status) records nothing. */
    public ParticipationScope update(Viewer viewer, UUID id, ConsultationRequests.Update request) {
        viewer.requireRole(Role.EDITOR);
        ParticipationScope scope = scopes.consultation(viewer.tenant(), id);
        Official official = scope.requireEditor(viewer);
        Consultation consultation = scope.consultation();
        Instant now = clock.now();
        ConsultationResponse before = ConsultationResponse.from(scope, now);
        boolean described = consultation.describe(request.details(), now);
        boolean moved = request.status() != null && consultation.moveTo(request.status(), now);
        if (described || moved) {
            consultations.flush();
            audit.record(scope.participantSlugs(), official, moved ? "consultation.status-changed" : "consultation.updated",
                    "consultation", id, before, ConsultationResponse.from(scope, now));
            changed.fire(new ParticipationScope.Changed(viewer.tenant()));
            webhooks.consultationChanged(consultation.tenant(), id);
        }
        return scope;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ParticipationScope get(Viewer viewer, UUID id) {
        return scopes.consultation(viewer.tenant(), id).requireVisibleTo(viewer);
    }

    /** The project's consultations the viewer may see; the project itself must be visible to them (else 404). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Slice<ParticipationScope> list(Viewer viewer, UUID projectId, PageRequest page) {
        ParticipationScope project = scopes.project(viewer.tenant(), projectId).requireVisibleTo(viewer);
        return page.slice(consultations.page(projectId, Visibility.consultations(viewer), page),
                c -> new PageRequest.Position(c.createdAt(), c.id()))
                .map(project::withConsultation);
    }
}
