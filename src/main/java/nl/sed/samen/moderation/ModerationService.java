package nl.sed.samen.moderation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.sed.samen.audit.AuditLog;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.PageRequest;
import nl.sed.samen.common.Slice;
import nl.sed.samen.participation.ParticipationScope;
import nl.sed.samen.participation.Scopes;
import nl.sed.samen.participation.Viewer;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.reaction.FlagReason;
import nl.sed.samen.reaction.Reaction;
import nl.sed.samen.reaction.ReactionRepository;
import nl.sed.samen.reaction.ReactionRequests;
import nl.sed.samen.reaction.ReactionViews;
import nl.sed.samen.security.Official;
import nl.sed.samen.security.Role;
import nl.sed.samen.webhook.WebhookEvents;
import nl.sed.samen.tenancy.Tenant;

/** The moderation desk: the queues, decisions, official replies, and residents' flags. */
@ApplicationScoped
@Transactional
public class ModerationService {

    /** Which queue: reactions waiting for approval, or reactions residents flagged. */
    public enum Queue { PENDING, FLAGGED }

    /** A reaction in a queue, with its flags since its last decision counted per reason (none in the pending queue). */
    public record Queued(Reaction reaction, List<ReactionViews.FlagReasonCount> flagReasons) {
    }

    private final ReactionRepository reactions;
    private final Scopes scopes;
    private final FlagDetails flagDetails;
    private final EntityManager entityManager;
    private final AuditLog audit;
    private final Clock clock;
    private final WebhookEvents webhooks;

    public ModerationService(ReactionRepository reactions, Scopes scopes, FlagDetails flagDetails,
            EntityManager entityManager, AuditLog audit, Clock clock, WebhookEvents webhooks) {
        this.webhooks = webhooks;
        this.reactions = reactions;
        this.scopes = scopes;
        this.flagDetails = flagDetails;
        this.entityManager = entityManager;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The condition for the reactions a tenant moderates (alias {@code r}; the tenant bound twice, as {@code param}):
     * those that came through its path, and every reaction of a joint consultation it takes part in.
     */
    static String reactionsOf(String param) {
        return "(r.tenant_slug = " + param + " or r.consultation_id in (select c.id from consultation c join project p"
                + " on p.id = c.project_id where cardinality(p.participants) > 1 and cast(" + param
                + " as text) = any(p.participants)))";
    }

    /**
     * The pending queue oldest first, so the longest-waiting reaction is handled first; the flagged queue most flags
     * first, then oldest first, with the flags counted per reason. {@code q} searches with PostgreSQL's Dutch stemming.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Slice<Queued> queue(Viewer viewer, Queue queue, String q, PageRequest page) {
        viewer.requireRole(Role.MODERATOR);
        String tenant = scopes.tenant(viewer.tenant()).tenant().slug();
        boolean flaggedQueue = queue == Queue.FLAGGED;
        StringBuilder sql = new StringBuilder("select r.* from reaction r where " + reactionsOf(":tenant") + " and ")
                .append(flaggedQueue ? "flagged" : "status = 'PENDING'");
        if (q != null && !q.isBlank()) {
            sql.append(" and search @@ websearch_to_tsquery('dutch', :q)");
        }
        if (page.after() != null) {
            sql.append(flaggedQueue ? " and (-flag_count, flagged_at, id) > (:afterRank, :afterTime, :afterId)"
                    : " and (created_at, id) > (:afterTime, :afterId)");
        }
        sql.append(flaggedQueue ? " order by flag_count desc, flagged_at, id" : " order by created_at, id")
                .append(" limit :limit");
        Query query = entityManager.createNativeQuery(sql.toString(), Reaction.class)
                .setParameter("tenant", tenant).setParameter("limit", page.fetchSize());
        if (q != null && !q.isBlank()) {
            query.setParameter("q", q);
        }
        if (page.after() != null) {
            query.setParameter("afterTime", OffsetDateTime.ofInstant(page.after().time(), ZoneOffset.UTC))
                    .setParameter("afterId", page.after().id());
            if (flaggedQueue) {
                query.setParameter("afterRank", -page.after().rank());
            }
        }
        @SuppressWarnings("unchecked")
        List<Reaction> rows = query.getResultList();
        Map<UUID, List<ReactionViews.FlagReasonCount>> reasons = flaggedQueue ? flagReasons(rows) : Map.of();
        return page.slice(rows, r -> flaggedQueue ? new PageRequest.Position(r.flaggedAt(), r.id(), r.flagCount())
                        : new PageRequest.Position(r.createdAt(), r.id()))
                .map(r -> new Queued(r, reasons.getOrDefault(r.id(), List.of())));
    }

    /** The flags since each reaction's last decision, per reason, for a page of the flagged queue in one query. */
    private Map<UUID, List<ReactionViews.FlagReasonCount>> flagReasons(List<Reaction> rows) {
        if (rows.isEmpty()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> counts = entityManager.createNativeQuery("""
                select f.reaction_id, f.reason, count(*) from reaction_flag f join reaction r on r.id = f.reaction_id
                where f.reaction_id in (:ids) and f.created_at >= r.flagged_at
                group by f.reaction_id, f.reason order by f.reaction_id, count(*) desc, f.reason""")
                .setParameter("ids", rows.stream().map(Reaction::id).toList()).getResultList();
        Map<UUID, List<ReactionViews.FlagReasonCount>> byReaction = new HashMap<>();
        for (Object[] row : counts) {
            byReaction.computeIfAbsent((UUID) row[0], k -> new ArrayList<>()).add(new ReactionViews.FlagReasonCount(
                    FlagReason.valueOf((String) row[1]), ((Number) row[2]).longValue()));
        }
        return byReaction;
    }

    /** A decision; of two moderators deciding at once, one wins and the other gets a 409. */
    public Reaction decide(Viewer viewer, UUID id, ReactionRequests.Moderate request) {
        Official official = viewer.requireRole(Role.MODERATOR);
        String tenant = viewer.tenant();
        ParticipationScope scope = scopes.reaction(tenant, id);
        Reaction reaction = scope.reaction();
        ReactionViews.Audited before = ReactionViews.Audited.of(reaction);
        reaction.decide(request.decision(), request.reason(), clock.now());
        reactions.flush();
        flagDetails.forget(id);
        webhooks.reactionChanged(reaction.tenant(), id);
        audit.record(scope.participantSlugs(), official, "reaction.moderated." + request.decision().name().toLowerCase(), "reaction", id,
                before, ReactionViews.Audited.of(reaction, request.decision()));
        return reaction;
    }

    public Reaction reply(Viewer viewer, UUID id, ReactionRequests.Reply request) {
        Official official = viewer.requireRole(Role.MODERATOR);
        String tenant = viewer.tenant();
        ParticipationScope scope = scopes.reaction(tenant, id);
        Reaction reaction = scope.reaction();
        ReactionViews.Audited before = ReactionViews.Audited.of(reaction);
        reaction.reply(request.body(), official.rolesFor(tenant).contains(Role.MODERATOR) ? "moderator" : "admin", clock.now());
        reactions.flush();
        audit.record(scope.participantSlugs(), official, before.replied() ? "reaction.reply-changed" : "reaction.reply-added",
                "reaction", id, before, ReactionViews.Audited.of(reaction));
        return reaction;
    }

    public void removeReply(Viewer viewer, UUID id) {
        Official official = viewer.requireRole(Role.MODERATOR);
        String tenant = viewer.tenant();
        ParticipationScope scope = scopes.reaction(tenant, id);
        Reaction reaction = scope.reaction();
        if (reaction.replyBody() == null) {
            throw ProblemException.notFound("This reaction has no official reply.");
        }
        ReactionViews.Audited before = ReactionViews.Audited.of(reaction);
        reaction.removeReply(clock.now());
        reactions.flush();
        audit.record(scope.participantSlugs(), official, "reaction.reply-removed", "reaction", id, before,
                ReactionViews.Audited.of(reaction));
    }

    /** Whether the reaction has been flagged since its last decision (then a further flag needs proof-of-work). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean hasFlags(String tenant, UUID id) {
        // only under a tenant taking part: elsewhere the flag is a 404, and asking for a proof-of-work first would tell
        return !entityManager.createNativeQuery("""
                select 1 from reaction r join consultation c on c.id = r.consultation_id
                join project p on p.id = c.project_id
                where r.id = ?1 and r.flag_count > 0 and cast(?2 as text) = any(p.participants)""")
                .setParameter(1, id).setParameter(2, tenant).getResultList().isEmpty();
    }

    /**
     * The flag and its count in one statement: the flag row, and on the reaction the count, its place in the flagged
     * queue (from the first flag) and, at the tenant's threshold and if the tenant wants it, hidden until reviewed.
     * Concurrent flags wait for each other on the reaction's row and each counts (no lost flag, no 409); the version
     * goes up so a moderator deciding at the same moment sees the change.
     */
    private static final String FLAG = """
            with target as (
                select r.id from reaction r
                where r.id = :id and r.status = 'PUBLISHED'
                  and not exists (select 1 from reaction_flag f where f.reaction_id = r.id and f.client_key = :yesterday)),
            flag as (
                insert into reaction_flag (reaction_id, client_key, reason, comment, created_at)
                select id, :client, :reason, :comment, :now from target
                on conflict do nothing
                returning reaction_id)
            update reaction r set flag_count = r.flag_count + 1, flagged = true,
                flagged_at = coalesce(r.flagged_at, :now),
                status = case when :hide and r.flag_count + 1 >= :threshold then 'HIDDEN' else r.status end,
                moderation_reason = case when :hide and r.flag_count + 1 >= :threshold
                    then 'Tijdelijk verborgen na meldingen, in afwachting van beoordeling.' else r.moderation_reason end,
                updated_at = :now, version = r.version + 1
            from flag where r.id = flag.reaction_id and r.status = 'PUBLISHED'""";

    /**
     * A resident's flag. Each network counts once per reaction (its key of today, or of yesterday, has flagged it
     * already: nothing happens). A reaction that is not public is a 404.
     */
    public void flag(Viewer viewer, UUID id, String clientKey, String yesterdayKey, ReactionRequests.Flag request) {
        ParticipationScope scope = scopes.reaction(viewer.tenant(), id);
        scope.requireFlagFrom(viewer);
        Tenant tenant = scope.tenant();
        entityManager.createNativeQuery(FLAG)
                .setParameter("id", id)
                .setParameter("yesterday", yesterdayKey == null ? "" : yesterdayKey)
                .setParameter("client", clientKey).setParameter("reason", request.reason().name())
                .setParameter("comment", request.comment())
                .setParameter("now", OffsetDateTime.ofInstant(clock.now(), ZoneOffset.UTC))
                .setParameter("hide", tenant.hideFlagged()).setParameter("threshold", tenant.flagThreshold())
                .executeUpdate();
    }
}
