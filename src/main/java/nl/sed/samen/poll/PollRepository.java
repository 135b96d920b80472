package nl.sed.samen.poll;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.sed.samen.common.Keyset;
import nl.sed.samen.common.PageRequest;

/** Polls by consultation; single polls are loaded with their chain by {@code participation.Scopes}. */
@ApplicationScoped
public class PollRepository implements PanacheRepositoryBase<Poll, UUID> {

    /** One page of the consultation's polls in these statuses (what the viewer may see), newest first. */
    public List<Poll> page(UUID consultationId, Set<PollStatus> statuses, PageRequest page) {
        return Keyset.newestFirst(this, "consultationId = :consultation and status in :statuses",
                Parameters.with("consultation", consultationId).and("statuses", statuses),
                "createdAt", page);
    }
}
