package nl.sed.samen.reaction;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import nl.sed.samen.common.Keyset;
import nl.sed.samen.common.PageRequest;
import nl.sed.samen.common.ProblemException;

@ApplicationScoped
public class ReactionRepository implements PanacheRepositoryBase<Reaction, UUID> {

    /** The reaction in this tenant (any status), or a 404. */
    public Reaction require(String tenant, UUID id) {
        return find("tenant = ?1 and id = ?2", tenant, id).<Reaction>firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("There is no reaction with this id in this tenant."));
    }

    /** Published reactions for the public; every status but withdrawn for officials. Newest first. */
    public List<Reaction> page(String tenant, UUID consultationId, boolean official, PageRequest page) {
        String where = "tenant = :tenant and consultationId = :consultation and status "
                + (official ? "<> :status" : "= :status");
        Parameters parameters = Parameters.with("tenant", tenant).and("consultation", consultationId)
                .and("status", official ? ReactionStatus.WITHDRAWN : ReactionStatus.PUBLISHED);
        return Keyset.newestFirst(this, where, parameters, "createdAt", page);
    }
}
