package nl.sed.samen.consultation;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.sed.samen.common.Keyset;
import nl.sed.samen.common.PageRequest;

/** Consultations by project; single ones are loaded with their chain by {@code participation.Scopes}. */
@ApplicationScoped
public class ConsultationRepository implements PanacheRepositoryBase<Consultation, UUID> {

    /** One page of the project's consultations in these statuses (what the viewer may see), newest first. */
    public List<Consultation> page(UUID projectId, Set<ConsultationStatus> statuses, PageRequest page) {
        return Keyset.newestFirst(this, "projectId = :project and status in :statuses",
                Parameters.with("project", projectId).and("statuses", statuses), "createdAt",
                page);
    }
}
