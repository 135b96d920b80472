package nl.sed.samen.reaction;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;
import nl.sed.samen.webhook.EventType;
import nl.sed.samen.webhook.WebhookEvents;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.util.Map;
import java.util.UUID;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.PageRequest;
import nl.sed.samen.common.Slice;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.ProblemType;
import nl.sed.samen.common.SecretTokens;
import nl.sed.samen.consultation.Consultation;
import nl.sed.samen.participation.ParticipationScope;
import nl.sed.samen.participation.Scopes;
import nl.sed.samen.participation.Viewer;
import nl.sed.samen.participation.Visibility;

/** Residents' side of reactions: submitting, reading the conversation, and an author's own view and withdrawal. */
@ApplicationScoped
@Transactional
public class ReactionService {

    static final String RECEIPT_HEADER = "Receipt-Token";

    private static final Pattern LINK = Pattern.compile("(?i)\\b(?:https?://|www\\.)");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final ReactionRepository reactions;
    private final Scopes scopes;
    private final AddressKeys addressKeys;
    private final Clock clock;
    private final int maxLinks;
    private final Duration repeatWindow;
    private final WebhookEvents webhooks;

    public ReactionService(ReactionRepository reactions, Scopes scopes, AddressKeys addressKeys, Clock clock,
            @ConfigProperty(name = "samen.reactions.max-links") int maxLinks,
            @ConfigProperty(name = "samen.reactions.repeat-window") Duration repeatWindow, WebhookEvents webhooks) {
        this.webhooks = webhooks;
        this.reactions = reactions;
        this.scopes = scopes;
        this.addressKeys = addressKeys;
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
     *
     * <p>The vote's shape: every check (the scope, read by the caller; the repeat guard; whether a webhook subscription
     * listens) reads outside a transaction, and the transaction holds only the insert (and, when someone listens, the
     * event's outbox rows, which commit with it).
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Submitted submit(Viewer viewer, ParticipationScope scope, ReactionRequests.Submit request,
            String clientKey) {
        String tenantSlug = viewer.tenant();
        UUID consultationId = scope.consultation().id();
        Instant now = clock.now();
        scope.requireReactionFrom(viewer, now);
        Consultation consultation = scope.consultation();
        scope.requireArea("area", request.area());
        String receipt = SecretTokens.fresh();
        if (request.website() != null && !request.website().isBlank()) {
            return new Submitted(UUID.randomUUID(), ReactionStatus.PENDING, receipt, now);
        }
        byte[] bodyHash = SecretTokens.hash(
                WHITESPACE.matcher(request.body().strip()).replaceAll(" ").toLowerCase(Locale.ROOT));
        // a short text ("Eens") is what many residents of one network (a school, a carrier's NAT) write alike
        if (request.body().strip().length() >= REPEAT_GUARD_MIN_LENGTH && reactions.count("tenant = ?1 and "
                + "clientKey = ?2 and bodyHash = ?3 and createdAt > ?4", tenantSlug, clientKey, bodyHash,
                now.minus(repeatWindow)) > 0) {
            throw ProblemException.conflict("You sent this text a moment ago; it has been received.");
        }
        boolean manyLinks = LINK.matcher(request.body()).results().count() > maxLinks;
        Reaction reaction = Reaction.submit(tenantSlug, consultationId, request.authored(), consultation.moderationMode(),
                manyLinks, SecretTokens.hash(receipt), clientKey, bodyHash,
                request.email() == null ? null : addressKeys.key(tenantSlug, request.email()), now);
        boolean told = reaction.status() == ReactionStatus.PUBLISHED
                && webhooks.heard(tenantSlug, EventType.REACTION_PUBLISHED);
        QuarkusTransaction.requiringNew().run(() -> {
            reactions.persist(reaction);
            if (told) {
                webhooks.reactionSubmitted(tenantSlug, reaction.id());
            }
        });
        return new Submitted(reaction.id(), reaction.status(), receipt, now);
    }

    /** A reaction as taken in: its id and status, and the receipt token, which exists only here. */
    public record Submitted(UUID id, ReactionStatus status, String receiptToken, Instant createdAt) {
    }

    /** The reactions on a consultation the viewer may see; the consultation's chain must be visible (else 404). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Slice<Reaction> list(Viewer viewer, UUID consultationId, PageRequest page) {
        scopes.consultation(viewer.tenant(), consultationId).requireVisibleTo(viewer);
        return page.slice(reactions.page(consultationId, Visibility.reactions(viewer), page),
                r -> new PageRequest.Position(r.createdAt(), r.id()));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Reaction own(String tenant, UUID id, String receiptToken) {
        return authored(tenant, id, receiptToken);
    }

    public void withdraw(String tenant, UUID id, String receiptToken) {
        authored(tenant, id, receiptToken).withdraw(clock.now());
    }

    private Reaction authored(String tenant, UUID id, String receiptToken) {
        if (receiptToken == null || receiptToken.isBlank()) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "Send the receipt token you got when you reacted, "
                    + "in the Receipt-Token header.", null, Map.of("WWW-Authenticate", RECEIPT_HEADER));
        }
        // the author's own reaction, whatever its status or its consultation's: the receipt is the right to see it
        Reaction reaction = scopes.reaction(tenant, id).reaction();
        if (!reaction.hasReceipt(SecretTokens.hash(receiptToken))) {
            throw ProblemException.forbidden("This receipt token does not belong to this reaction.");
        }
        return reaction;
    }
}
