package nl.sed.samen.moderation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import nl.sed.samen.audit.AuditLog;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.PageRequest;
import nl.sed.samen.common.Slice;
import nl.sed.samen.participation.ParticipationScope;
import nl.sed.samen.participation.Scopes;
import nl.sed.samen.participation.Viewer;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.reaction.Reaction;
import nl.sed.samen.reaction.ReactionRepository;
import nl.sed.samen.reaction.ReactionRequests;
import nl.sed.samen.reaction.ReactionViews;
import nl.sed.samen.security.Official;
import nl.sed.samen.security.Role;
import nl.sed.samen.tenancy.Tenant;

/** The moderation desk: the queues, decisions, official replies, and residents' flags. */
@ApplicationScoped
@Transactional
public class ModerationService {

    /** Which queue: reactions waiting for approval, or reactions residents flagged. */
    public enum Queue { PENDING, FLAGGED }

    private final ReactionRepository reactions;
    private final Scopes scopes;
    private final EntityManager entityManager;
    private final AuditLog audit;
    private final Clock clock;

    public ModerationService(ReactionRepository reactions, Scopes scopes, EntityManager entityManager,
            AuditLog audit, Clock clock) {
        this.reactions = reactions;
        this.scopes = scopes;
        this.entityManager = entityManager;
        this.audit = audit;
        this.clock = clock;
    }

    /** Oldest first, so the longest-waiting reaction is handled first; {@code q} searches with PostgreSQL's Dutch stemming. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Slice<Reaction> queue(Viewer viewer, Queue queue, String q, PageRequest page) {
        viewer.requireRole(Role.MODERATOR);
        String tenant = scopes.tenant(viewer.tenant()).tenant().slug();
        String time = queue == Queue.PENDING ? "created_at" : "flagged_at";
        StringBuilder sql = new StringBuilder("select * from reaction where tenant_slug = :tenant and ")
                .append(queue == Queue.PENDING ? "status = 'PENDING'" : "flagged");
        if (q != null && !q.isBlank()) {
            sql.append(" and search @@ websearch_to_tsquery('dutch', :q)");
        }
        if (page.after() != null) {
            sql.append(" and (").append(time).append(", id) > (:afterTime, :afterId)");
        }
        sql.append(" order by ").append(time).append(", id limit :limit");
        Query query = entityManager.createNativeQuery(sql.toString(), Reaction.class)
                .setParameter("tenant", tenant).setParameter("limit", page.fetchSize());
        if (q != null && !q.isBlank()) {
            query.setParameter("q", q);
        }
        if (page.after() != null) {
            query.setParameter("afterTime", OffsetDateTime.ofInstant(page.after().time(), ZoneOffset.UTC))
                    .setParameter("afterId", page.after().id());
        }
        @SuppressWarnings("unchecked")
        List<Reaction> rows = query.getResultList();
        return page.slice(rows, r -> new PageRequest.Position(queue == Queue.PENDING ? r.createdAt() : r.flaggedAt(),
                r.id()));
    }

    /** A decision; of two moderators deciding at once, one wins and the other gets a 409. */
    public Reaction decide(Viewer viewer, UUID id, ReactionRequests.Moderate request) {
        Official official = viewer.requireRole(Role.MODERATOR);
        String tenant = viewer.tenant();
        Reaction reaction = scopes.reaction(tenant, id).reaction();
        ReactionViews.Listed before = ReactionViews.Listed.forOfficials(reaction);
        reaction.decide(request.decision(), request.reason(), clock.now());
        reactions.flush();
        ReactionViews.Listed after = ReactionViews.Listed.forOfficials(reaction);
        audit.record(tenant, official, "reaction.moderated." + request.decision().name().toLowerCase(), "reaction", id,
                before, after);
        return reaction;
    }

    public Reaction reply(Viewer viewer, UUID id, ReactionRequests.Reply request) {
        Official official = viewer.requireRole(Role.MODERATOR);
        String tenant = viewer.tenant();
        Reaction reaction = scopes.reaction(tenant, id).reaction();
        ReactionViews.Listed before = ReactionViews.Listed.forOfficials(reaction);
        reaction.reply(request.body(), official.roles().contains(Role.MODERATOR) ? "moderator" : "admin", clock.now());
        reactions.flush();
        ReactionViews.Listed after = ReactionViews.Listed.forOfficials(reaction);
        audit.record(tenant, official, before.reply() == null ? "reaction.reply-added" : "reaction.reply-changed",
                "reaction", id, before, after);
        return reaction;
    }

    public void removeReply(Viewer viewer, UUID id) {
        Official official = viewer.requireRole(Role.MODERATOR);
        String tenant = viewer.tenant();
        Reaction reaction = scopes.reaction(tenant, id).reaction();
        if (reaction.replyBody() == null) {
            throw ProblemException.notFound("This reaction has no official reply.");
        }
        ReactionViews.Listed before = ReactionViews.Listed.forOfficials(reaction);
        reaction.removeReply(clock.now());
        reactions.flush();
        audit.record(tenant, official, "reaction.reply-removed", "reaction", id, before,
                ReactionViews.Listed.forOfficials(reaction));
    }

    /**
     * A resident's flag. Each client (keyed hash of its address) counts once per reaction; at the tenant's threshold
     * the reaction enters the flagged queue. Flags on one reaction are taken one at a time (row lock), so none is lost.
     */
    public void flag(Viewer viewer, UUID id, String clientKey, ReactionRequests.Flag request) {
        ParticipationScope scope = scopes.reaction(viewer.tenant(), id);
        scope.requireFlagFrom(viewer);
        Tenant tenant = scope.tenant();
        Reaction reaction = scope.reaction();
        Instant now = clock.now();
        int added = entityManager.createNativeQuery("insert into reaction_flag (reaction_id, client_key, reason, comment,"
                        + " created_at) values (?1, ?2, ?3, ?4, ?5) on conflict do nothing")
                .setParameter(1, id).setParameter(2, clientKey).setParameter(3, request.reason().name())
                .setParameter(4, request.comment()).setParameter(5, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .executeUpdate();
        if (added == 1) {
            entityManager.lock(reaction, LockModeType.PESSIMISTIC_WRITE);
            entityManager.refresh(reaction);
            reaction.flag(tenant.flagThreshold(), tenant.hideFlagged(), now);
        }
    }
}
