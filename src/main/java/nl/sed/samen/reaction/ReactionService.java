package nl.sed.samen.reaction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.util.Map;
import java.util.UUID;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.Page;
import nl.sed.samen.common.PageRequest;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.ProblemType;
import nl.sed.samen.consultation.Consultation;
import nl.sed.samen.consultation.ConsultationRepository;
import nl.sed.samen.tenancy.Tenant;

/** Residents' side of reactions: submitting, reading the conversation, and an author's own view and withdrawal. */
@ApplicationScoped
@Transactional
public class ReactionService {

    static final String RECEIPT_HEADER = "Receipt-Token";

    private static final Pattern LINK = Pattern.compile("(?i)\\b(?:https?://|www\\.)");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final ReactionRepository reactions;
    private final ConsultationRepository consultations;
    private final Clock clock;
    private final int maxLinks;
    private final Duration repeatWindow;

    public ReactionService(ReactionRepository reactions, ConsultationRepository consultations, Clock clock,
            @ConfigProperty(name = "samen.reactions.max-links") int maxLinks,
            @ConfigProperty(name = "samen.reactions.repeat-window") Duration repeatWindow) {
        this.reactions = reactions;
        this.consultations = consultations;
        this.clock = clock;
        this.maxLinks = maxLinks;
        this.repeatWindow = repeatWindow;
    }

    /** Texts shorter than this are not refused as repeats: residents sharing a network write them alike. */
    static final int REPEAT_GUARD_MIN_LENGTH = 40;

    /**
     * The receipt token is returned here once; the reaction is published at once or pending, per moderation mode. A
     * reaction with more links than allowed waits for a moderator; the same text (of a sentence or more) from the same
     * network within the repeat window is refused; a filled-in honeypot field is answered like a pending reaction and stored nowhere.
     */
    public ReactionViews.Submitted submit(Tenant tenant, UUID consultationId, ReactionRequests.Submit request,
            String clientKey) {
        String tenantSlug = tenant.slug();
        Consultation consultation = consultations.require(tenantSlug, consultationId, false);
        Instant now = clock.now();
        if (!consultation.acceptsInput(now)) {
            throw ProblemException.conflict("This consultation does not take reactions now.");
        }
        if (request.area() != null && !tenant.hasArea(request.area())) {
            throw ProblemException.invalidField("area", "not a village of this municipality");
        }
        String receipt = Receipts.newToken();
        if (request.website() != null && !request.website().isBlank()) {
            return new ReactionViews.Submitted(UUID.randomUUID(), ReactionStatus.PENDING, receipt, now);
        }
        byte[] bodyHash = Receipts.hash(
                WHITESPACE.matcher(request.body().strip()).replaceAll(" ").toLowerCase(Locale.ROOT));
        // a short text ("Eens") is what many residents of one network (a school, a carrier's NAT) write alike
        if (request.body().strip().length() >= REPEAT_GUARD_MIN_LENGTH && reactions.count("tenant = ?1 and "
                + "clientKey = ?2 and bodyHash = ?3 and createdAt > ?4", tenantSlug, clientKey, bodyHash,
                now.minus(repeatWindow)) > 0) {
            throw ProblemException.conflict("You sent this text a moment ago; it has been received.");
        }
        boolean manyLinks = LINK.matcher(request.body()).results().count() > maxLinks;
        Reaction reaction = Reaction.submit(tenantSlug, consultationId, request, consultation.moderationMode(),
                manyLinks, Receipts.hash(receipt), clientKey, bodyHash, now);
        reactions.persist(reaction);
        return new ReactionViews.Submitted(reaction.id(), reaction.status(), receipt, now);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ReactionViews.Listed> list(String tenant, UUID consultationId, boolean official, PageRequest page,
            UriInfo uriInfo) {
        consultations.require(tenant, consultationId, official);
        return page.page(reactions.page(tenant, consultationId, official, page),
                r -> new PageRequest.Position(r.createdAt(), r.id()),
                official ? ReactionViews.Listed::forOfficials : ReactionViews.Listed::forPublic, uriInfo);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ReactionViews.Own own(String tenant, UUID id, String receiptToken) {
        return ReactionViews.Own.of(authored(tenant, id, receiptToken));
    }

    public void withdraw(String tenant, UUID id, String receiptToken) {
        authored(tenant, id, receiptToken).withdraw(clock.now());
    }

    private Reaction authored(String tenant, UUID id, String receiptToken) {
        if (receiptToken == null || receiptToken.isBlank()) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "Send the receipt token you got when you reacted, "
                    + "in the Receipt-Token header.", null, Map.of("WWW-Authenticate", RECEIPT_HEADER));
        }
        Reaction reaction = reactions.require(tenant, id);
        if (!reaction.hasReceipt(Receipts.hash(receiptToken))) {
            throw ProblemException.forbidden("This receipt token does not belong to this reaction.");
        }
        return reaction;
    }
}
