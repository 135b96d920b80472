package nl.sed.samen.project;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.sed.samen.common.Keyset;
import nl.sed.samen.common.PageRequest;

/** Projects by tenant; single projects are loaded with their tenant by {@code participation.Scopes}. */
@ApplicationScoped
public class ProjectRepository implements PanacheRepositoryBase<Project, UUID> {

    /** One page of the projects the tenant takes part in (its own and joint ones) in these statuses (what the viewer may see), newest first. */
    public List<Project> page(String tenant, Set<ProjectStatus> statuses, PageRequest page) {
        return Keyset.newestFirst(this, "array_contains(participants, :tenant) and status in :statuses",
                Parameters.with("tenant", tenant).and("statuses", statuses), "createdAt", page);
    }

    /** Whether any reaction or ballot in this project came through one of these tenants' paths. */
    public boolean hasInputThrough(UUID projectId, java.util.Collection<String> tenants) {
        return !getEntityManager().createNativeQuery("""
                select 1 from consultation c where c.project_id = ?1 and (
                    exists (select 1 from reaction r where r.consultation_id = c.id and r.tenant_slug = any(?2))
                    or exists (select 1 from vote v join poll p on p.id = v.poll_id
                               where p.consultation_id = c.id and v.tenant_slug = any(?2)))
                limit 1""").setParameter(1, projectId).setParameter(2, tenants.toArray(String[]::new))
                .getResultList().isEmpty();
    }
}
