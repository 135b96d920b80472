package nl.sed.samen.participation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.consultation.Consultation;
import nl.sed.samen.poll.Poll;
import nl.sed.samen.project.Project;
import nl.sed.samen.reaction.Reaction;
import nl.sed.samen.tenancy.Tenant;

/**
 * Loads a {@link ParticipationScope}: the tenant and the chain above the item a request names, in one query (the
 * tenant is left-joined so an unknown tenant and an unknown item are told apart). Another tenant's id is a 404, as is an
 * unknown one; whether the viewer may see what was found is the scope's question, not the loader's.
 */
@ApplicationScoped
public class Scopes {

    private final EntityManager entityManager;

    public Scopes(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    public ParticipationScope tenant(String tenant) {
        return new ParticipationScope(requireTenant(entityManager.find(Tenant.class, tenant), tenant), null, null, null,
                null);
    }

    public ParticipationScope project(String tenant, UUID projectId) {
        Object[] row = single("""
                select t, p from Tenant t left join Project p on p.tenant = t.slug and p.id = :id
                where t.slug = :tenant""", tenant, projectId);
        return new ParticipationScope(requireTenant((Tenant) row[0], tenant), found((Project) row[1], "project"),
                null, null, null);
    }

    public ParticipationScope consultation(String tenant, UUID consultationId) {
        Object[] row = single("""
                select t, c, p from Tenant t
                left join Consultation c on c.tenant = t.slug and c.id = :id
                left join Project p on p.id = c.projectId
                where t.slug = :tenant""", tenant, consultationId);
        Consultation consultation = found((Consultation) row[1], "consultation");
        return new ParticipationScope(requireTenant((Tenant) row[0], tenant), (Project) row[2], consultation, null,
                null);
    }

    /** The poll with its options, its consultation and project: one round trip for every poll read and vote. */
    public ParticipationScope poll(String tenant, UUID pollId) {
        Object[] row = single("""
                select t, pl, c, p from Tenant t
                left join Poll pl on pl.tenant = t.slug and pl.id = :id
                left join fetch pl.options
                left join Consultation c on c.id = pl.consultationId
                left join Project p on p.id = c.projectId
                where t.slug = :tenant""", tenant, pollId);
        Poll poll = found((Poll) row[1], "poll");
        return new ParticipationScope(requireTenant((Tenant) row[0], tenant), (Project) row[3],
                (Consultation) row[2], poll, null);
    }

    public ParticipationScope reaction(String tenant, UUID reactionId) {
        return reaction(tenant, reactionId, false);
    }

    /** With {@code lock}: the reaction row is locked for update, for decisions that must not interleave. */
    public ParticipationScope reaction(String tenant, UUID reactionId, boolean lock) {
        Object[] row = single("""
                select t, r, c, p from Tenant t
                left join Reaction r on r.tenant = t.slug and r.id = :id
                left join Consultation c on c.id = r.consultationId
                left join Project p on p.id = c.projectId
                where t.slug = :tenant""", tenant, reactionId);
        Reaction reaction = found((Reaction) row[1], "reaction");
        if (lock) {
            entityManager.lock(reaction, LockModeType.PESSIMISTIC_WRITE);
        }
        return new ParticipationScope(requireTenant((Tenant) row[0], tenant), (Project) row[3],
                (Consultation) row[2], null, reaction);
    }

    private Object[] single(String hql, String tenant, UUID id) {
        List<Object[]> rows = entityManager.createQuery(hql, Object[].class)
                .setParameter("tenant", tenant).setParameter("id", id).getResultList();
        // no such tenant; a fetched collection may repeat the row once per option
        return rows.isEmpty() ? new Object[4] : rows.get(0);
    }

    private static Tenant requireTenant(Tenant found, String slug) {
        if (found == null) {
            throw ProblemException.notFound("There is no tenant '" + (slug.matches("[a-z0-9-]{1,64}") ? slug : "?")
                    + "'.");
        }
        return found;
    }

    private static <T> T found(T item, String name) {
        if (item == null) {
            throw ProblemException.notFound("There is no " + name + " with this id in this tenant.");
        }
        return item;
    }
}
