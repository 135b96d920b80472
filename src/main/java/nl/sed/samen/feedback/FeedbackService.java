package nl.sed.samen.feedback;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import nl.sed.samen.audit.AuditLog;
import nl.sed.samen.common.Clock;
import nl.sed.samen.consultation.Consultation;
import nl.sed.samen.consultation.ConsultationRepository;
import nl.sed.samen.consultation.ConsultationResponse;
import nl.sed.samen.participation.ParticipationScope;
import nl.sed.samen.participation.Scopes;
import nl.sed.samen.participation.Viewer;
import nl.sed.samen.security.Official;
import nl.sed.samen.security.Role;

/**
 * Closes the loop: publishing feedback makes the consultation reported and, the first time, queues one message for
 * every distinct address residents left, in the same transaction (so no one is forgotten and no one is told twice).
 */
@ApplicationScoped
@Transactional
public class FeedbackService {

    private final ConsultationRepository consultations;
    private final Scopes scopes;
    private final EntityManager entityManager;
    private final AuditLog audit;
    private final Clock clock;

    public FeedbackService(ConsultationRepository consultations, Scopes scopes, EntityManager entityManager,
            AuditLog audit, Clock clock) {
        this.consultations = consultations;
        this.scopes = scopes;
        this.entityManager = entityManager;
        this.audit = audit;
        this.clock = clock;
    }

    public ParticipationScope publish(Viewer viewer, UUID id, FeedbackRequest request) {
        Official official = viewer.requireRole(Role.EDITOR);
        String tenant = viewer.tenant();
        ParticipationScope scope = scopes.consultation(tenant, id);
        Consultation consultation = scope.consultation();
        Instant now = clock.now();
        ConsultationResponse before = ConsultationResponse.from(scope, now);
        boolean first = consultation.publishFeedback(request.summary(), request.decision(), request.decidedBy(),
                request.changes(), now);
        consultations.flush();
        if (first) {
            entityManager.createNativeQuery("""
                    insert into notification (id, tenant_slug, consultation_id, email, email_key, status, attempts,
                                              next_attempt_at, created_at)
                    select gen_random_uuid(), ?1, ?2, min(email), lower(email), 'PENDING', 0, ?3, ?3
                    from reaction where consultation_id = ?2 and email is not null
                    group by lower(email)
                    on conflict (consultation_id, email_key) do nothing""")
                    .setParameter(1, tenant).setParameter(2, id)
                    .setParameter(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).executeUpdate();
        }
        ConsultationResponse after = ConsultationResponse.from(scope, now);
        audit.record(tenant, official, first ? "consultation.feedback-published" : "consultation.feedback-corrected",
                "consultation", id, before, after);
        return scope;
    }
}
