package nl.sed.samen.project;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import nl.sed.samen.common.Keyset;
import nl.sed.samen.common.PageRequest;
import nl.sed.samen.common.ProblemException;

@ApplicationScoped
public class ProjectRepository implements PanacheRepositoryBase<Project, UUID> {

    public Optional<Project> findInTenant(String tenant, UUID id) {
        return find("tenant = ?1 and id = ?2", tenant, id).firstResultOptional();
    }

    /** The project, if it exists in this tenant and this viewer may see it; otherwise a 404 (never a 403). */
    public Project require(String tenant, UUID id, boolean includeDrafts) {
        return findInTenant(tenant, id).filter(p -> includeDrafts || p.isPublic())
                .orElseThrow(() -> ProblemException.notFound("There is no project with this id in this tenant."));
    }

    public List<Project> page(String tenant, boolean includeDrafts, PageRequest page) {
        String where = "tenant = :tenant" + (includeDrafts ? "" : " and status <> :draft");
        Parameters parameters = Parameters.with("tenant", tenant);
        if (!includeDrafts) {
            parameters.and("draft", ProjectStatus.DRAFT);
        }
        return Keyset.newestFirst(this, where, parameters, "createdAt", page);
    }
}
