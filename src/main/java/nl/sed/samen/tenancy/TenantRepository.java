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

    /**
     * Per tenant, the other tenants it shares a joint project with that is not archived (an archived project takes no
     * input, so its partners need not write to each other); tenants without one are left out.
     */
    public java.util.Map<String, java.util.Set<String>> partners() {
        @SuppressWarnings("unchecked")
        List<Object[]> pairs = getEntityManager().createNativeQuery("""
                select distinct a, b from project, unnest(participants) a, unnest(participants) b
                where cardinality(participants) > 1 and status <> 'ARCHIVED' and a <> b""").getResultList();
        java.util.Map<String, java.util.Set<String>> partners = new java.util.HashMap<>();
        for (Object[] pair : pairs) {
            partners.computeIfAbsent((String) pair[0], k -> new java.util.HashSet<>()).add((String) pair[1]);
        }
        partners.replaceAll((tenant, set) -> java.util.Set.copyOf(set));
        return java.util.Map.copyOf(partners);
    }

    /** The tenant named in the path, or a 404. */
    public Tenant require(String slug) {
        return findByIdOptional(slug).orElseThrow(() -> ProblemException.notFound("There is no tenant '"
                + (slug.matches("[a-z0-9-]{1,64}") ? slug : "?") + "'."));
    }
}
