package nl.sed.samen.moderation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import nl.sed.samen.audit.AuditLog;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.Page;
import nl.sed.samen.common.PageRequest;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.reaction.Reaction;
import nl.sed.samen.reaction.ReactionRepository;
import nl.sed.samen.reaction.ReactionRequests;
import nl.sed.samen.reaction.ReactionViews;
import nl.sed.samen.security.Official;
import nl.sed.samen.security.Role;
import nl.sed.samen.tenancy.Tenant;
import nl.sed.samen.tenancy.TenantRepository;

/** The moderation desk: the queues, decisions, official replies, and residents' flags. */
@ApplicationScoped
@Transactional
public class ModerationService {

    /** Which queue: reactions waiting for approval, or reactions residents flagged. */
    public enum Queue { PENDING, FLAGGED }

    private final ReactionRepository reactions;
    private final TenantRepository tenants;
    private final FlagDetails flagDetails;
    private final EntityManager entityManager;
    private final AuditLog audit;
    private final Clock clock;

    public ModerationService(ReactionRepository reactions, TenantRepository tenants, FlagDetails flagDetails,
            EntityManager entityManager, AuditLog audit, Clock clock) {
        this.reactions = reactions;
        this.tenants = tenants;
        this.flagDetails = flagDetails;
        this.entityManager = entityManager;
        this.audit = audit;
        this.clock = clock;
    }

    /** Oldest first, so the longest-waiting reaction is handled first; {@code q} searches with PostgreSQL's Dutch stemming. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ReactionViews.Listed> queue(String tenant, Queue queue, String q, PageRequest page, UriInfo uriInfo) {
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
        return page.page(rows, r -> new PageRequest.Position(queue == Queue.PENDING ? r.createdAt() : r.flaggedAt(),
                r.id()), ReactionViews.Listed::forOfficials, uriInfo);
    }

    /** A decision; of two moderators deciding at once, one wins and the other gets a 409. */
    public ReactionViews.Listed decide(String tenant, UUID id, Official official, ReactionRequests.Moderate request) {
        Reaction reaction = reactions.require(tenant, id);
        ReactionViews.Audited before = ReactionViews.Audited.of(reaction);
        reaction.decide(request.decision(), request.reason(), clock.now());
        reactions.flush();
        flagDetails.forget(id);
        audit.record(tenant, official, "reaction.moderated." + request.decision().name().toLowerCase(), "reaction", id,
                before, ReactionViews.Audited.of(reaction, request.decision()));
        return ReactionViews.Listed.forOfficials(reaction);
    }

    public ReactionViews.Listed reply(String tenant, UUID id, Official official, ReactionRequests.Reply request) {
        Reaction reaction = reactions.require(tenant, id);
        ReactionViews.Audited before = ReactionViews.Audited.of(reaction);
        reaction.reply(request.body(), official.roles().contains(Role.MODERATOR) ? "moderator" : "admin", clock.now());
        reactions.flush();
        audit.record(tenant, official, before.replied() ? "reaction.reply-changed" : "reaction.reply-added",
                "reaction", id, before, ReactionViews.Audited.of(reaction));
        return ReactionViews.Listed.forOfficials(reaction);
    }

    public void removeReply(String tenant, UUID id, Official official) {
        Reaction reaction = reactions.require(tenant, id);
        if (reaction.replyBody() == null) {
            throw ProblemException.notFound("This reaction has no official reply.");
        }
        ReactionViews.Audited before = ReactionViews.Audited.of(reaction);
        reaction.removeReply(clock.now());
        reactions.flush();
        audit.record(tenant, official, "reaction.reply-removed", "reaction", id, before,
                ReactionViews.Audited.of(reaction));
    }

    /**
     * A resident's flag. Each client (keyed hash of its address) counts once per reaction; at the tenant's threshold
     * the reaction enters the flagged queue. Flags on one reaction are taken one at a time (row lock), so none is lost.
     */
    public void flag(String tenantSlug, UUID id, String clientKey, ReactionRequests.Flag request) {
        Tenant tenant = tenants.require(tenantSlug);
        Reaction reaction = reactions.require(tenantSlug, id);
        if (!reaction.isPublic()) {
            throw ProblemException.notFound("There is no reaction with this id in this tenant.");
        }
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
