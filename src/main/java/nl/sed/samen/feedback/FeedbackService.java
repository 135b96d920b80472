package nl.sed.samen.feedback;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;
import nl.sed.samen.audit.AuditLog;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.consultation.Consultation;
import nl.sed.samen.consultation.ConsultationRepository;
import nl.sed.samen.consultation.ConsultationResponse;
import nl.sed.samen.participation.ParticipationScope;
import nl.sed.samen.participation.Scopes;
import nl.sed.samen.participation.Viewer;
import nl.sed.samen.reaction.AddressKeys;
import nl.sed.samen.reaction.ReactionRepository;
import nl.sed.samen.security.Official;
import nl.sed.samen.security.Role;
import nl.sed.samen.tenancy.TenantRepository;
import nl.sed.samen.webhook.WebhookEvents;

/**
 * Closes the loop: publishing feedback makes the consultation reported and, the first time, queues one message for
 * every distinct address left with a published reaction, in the same transaction (so no one is forgotten and no one
 * is told twice); the addresses of reactions that are not published are erased then, as they will never be used.
 * One-click unsubscribe erases an address from the tenant at once.
 */
@ApplicationScoped
@Transactional
public class FeedbackService {

    private final ConsultationRepository consultations;
    private final Scopes scopes;
    private final ReactionRepository reactions;
    private final TenantRepository tenants;
    private final Outbox outbox;
    private final AddressKeys addressKeys;
    private final AuditLog audit;
    private final Clock clock;
    private final WebhookEvents webhooks;

    public FeedbackService(ConsultationRepository consultations, Scopes scopes, ReactionRepository reactions,
            TenantRepository tenants, Outbox outbox, AddressKeys addressKeys, AuditLog audit, Clock clock,
            WebhookEvents webhooks) {
        this.webhooks = webhooks;
        this.consultations = consultations;
        this.scopes = scopes;
        this.reactions = reactions;
        this.tenants = tenants;
        this.outbox = outbox;
        this.addressKeys = addressKeys;
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
            reactions.keyLegacyAddresses(id);
            reactions.eraseAddressesNotPublished(id);
            outbox.queue(tenant, id, now);
            webhooks.consultationChanged(tenant, id);
        }
        ConsultationResponse after = ConsultationResponse.from(scope, now);
        audit.record(scope.participantSlugs(), official,
                first ? "consultation.feedback-published" : "consultation.feedback-corrected", "consultation", id,
                before, after);
        return scope;
    }

    /** RFC 8058 one-click unsubscribe: the address leaves every reaction and message of the tenant. Idempotent. */
    public void unsubscribe(String tenant, String token) {
        tenants.require(tenant);
        String key = addressKeys.fromUnsubscribeToken(tenant, token)
                .orElseThrow(() -> ProblemException.notFound("This unsubscribe link is not valid."));
        outbox.forget(tenant, key);
        reactions.eraseAddressEverywhere(tenant, key);
    }
}
