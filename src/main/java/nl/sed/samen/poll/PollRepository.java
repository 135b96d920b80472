package nl.sed.samen.poll;

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
public class PollRepository implements PanacheRepositoryBase<Poll, UUID> {

    /** The poll, if it exists in this tenant and this viewer may see it; otherwise a 404 (never a 403). */
    public Poll require(String tenant, UUID id, boolean includeDrafts) {
        return withOptions(tenant, id)
                .filter(p -> includeDrafts || p.isPublic())
                .orElseThrow(() -> ProblemException.notFound("There is no poll with this id in this tenant."));
    }

    /** The poll of this tenant, drafts included. */
    public Optional<Poll> withOptions(String tenant, UUID id) {
        // the options in the same statement: one round trip instead of two for every read and vote
        return find("from Poll p left join fetch p.options where p.tenant = ?1 and p.id = ?2", tenant, id)
                .singleResultOptional();
    }

    public List<Poll> page(String tenant, UUID consultationId, boolean includeDrafts, PageRequest page) {
        String where = "tenant = :tenant and consultationId = :consultation"
                + (includeDrafts ? "" : " and status <> :draft");
        Parameters parameters = Parameters.with("tenant", tenant).and("consultation", consultationId);
        if (!includeDrafts) {
            parameters.and("draft", PollStatus.DRAFT);
        }
        return Keyset.newestFirst(this, where, parameters, "createdAt", page);
    }
}
