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

    /** One page of the tenant's projects in these statuses (what the viewer may see), newest first. */
    public List<Project> page(String tenant, Set<ProjectStatus> statuses, PageRequest page) {
        return Keyset.newestFirst(this, "tenant = :tenant and status in :statuses",
                Parameters.with("tenant", tenant).and("statuses", statuses), "createdAt", page);
    }
}
