package nl.sed.samen.tenancy;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import nl.sed.samen.common.ProblemException;

@ApplicationScoped
public class TenantRepository implements PanacheRepositoryBase<Tenant, String> {

    public List<Tenant> listInOrder() {
        return listAll(Sort.by("slug"));
    }

    /** The tenant named in the path, or a 404. */
    public Tenant require(String slug) {
        return findByIdOptional(slug).orElseThrow(() -> ProblemException.notFound("There is no tenant '"
                + (slug.matches("[a-z0-9-]{1,64}") ? slug : "?") + "'."));
    }
}
