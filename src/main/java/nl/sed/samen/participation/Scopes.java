package nl.sed.samen.participation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
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
 * tenant is left-joined so an unknown tenant and an unknown item are told apart). An item belongs to the tenants its
 * project lists as participants ({@link Project#participates}): the lead, and for a joint project the others; under any
 * other tenant's path its id is a 404, as is an unknown one. Whether the viewer may see what was found is the scope's
 * question, not the loader's. For a joint project the other participants are loaded too (one more query, only then).
 */
@ApplicationScoped
public class Scopes {

    private final EntityManager entityManager;

    public Scopes(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    public ParticipationScope tenant(String tenant) {
        Tenant found = requireTenant(entityManager.find(Tenant.class, tenant), tenant);
        return new ParticipationScope(found, null, null, null, null, List.of(found));
    }

    public ParticipationScope project(String tenant, UUID projectId) {
        Object[] row = single("""
                select t, p from Tenant t left join Project p on p.id = :id
                where t.slug = :tenant""", tenant, projectId);
        Project project = found((Tenant) row[0], (Project) row[1], tenant, "project");
        return scope((Tenant) row[0], tenant, project, null, null, null);
    }

    public ParticipationScope consultation(String tenant, UUID consultationId) {
        Object[] row = single("""
                select t, c, p from Tenant t
                left join Consultation c on c.id = :id
                left join Project p on p.id = c.projectId
                where t.slug = :tenant""", tenant, consultationId);
        Project project = found((Tenant) row[0], (Project) row[2], tenant, "consultation");
        return scope((Tenant) row[0], tenant, project, (Consultation) row[1], null, null);
    }

    /** The poll with its options, its consultation and project: one round trip for every poll read and vote. */
    public ParticipationScope poll(String tenant, UUID pollId) {
        Object[] row = single("""
                select t, pl, c, p from Tenant t
                left join Poll pl on pl.id = :id
                left join fetch pl.options
                left join Consultation c on c.id = pl.consultationId
                left join Project p on p.id = c.projectId
                where t.slug = :tenant""", tenant, pollId);
        Project project = found((Tenant) row[0], (Project) row[3], tenant, "poll");
        return scope((Tenant) row[0], tenant, project, (Consultation) row[2], (Poll) row[1], null);
    }

    public ParticipationScope reaction(String tenant, UUID reactionId) {
        Object[] row = single("""
                select t, r, c, p from Tenant t
                left join Reaction r on r.id = :id
                left join Consultation c on c.id = r.consultationId
                left join Project p on p.id = c.projectId
                where t.slug = :tenant""", tenant, reactionId);
        Project project = found((Tenant) row[0], (Project) row[3], tenant, "reaction");
        return scope((Tenant) row[0], tenant, project, (Consultation) row[2], null, (Reaction) row[1]);
    }

    /** The scope, once the tenant is known and takes part in the project; for a joint project with its partners. */
    private ParticipationScope scope(Tenant found, String slug, Project project, Consultation consultation, Poll poll,
            Reaction reaction) {
        Tenant tenant = requireTenant(found, slug);
        List<Tenant> participants = !project.isJoint() ? List.of(tenant) : entityManager.createQuery(
                "select t from Tenant t where t.slug in :slugs order by t.slug", Tenant.class)
                .setParameter("slugs", project.participants()).getResultList();
        return new ParticipationScope(tenant, project, consultation, poll, reaction, participants);
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

    /**
     * The item's project, if the item exists and this tenant takes part in its project (an unknown tenant is told
     * first); otherwise a 404 naming the item.
     */
    private static Project found(Tenant found, Project project, String tenant, String name) {
        requireTenant(found, tenant);
        if (project == null || !project.participates(tenant)) {
            throw ProblemException.notFound("There is no " + name + " with this id in this tenant.");
        }
        return project;
    }
}
