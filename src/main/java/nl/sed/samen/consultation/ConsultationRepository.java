package nl.sed.samen.consultation;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import nl.sed.samen.common.Keyset;
import nl.sed.samen.common.PageRequest;
import nl.sed.samen.common.ProblemException;

@ApplicationScoped
public class ConsultationRepository implements PanacheRepositoryBase<Consultation, UUID> {

    /** The consultation, if it exists in this tenant and this viewer may see it; otherwise a 404 (never a 403). */
    public Consultation require(String tenant, UUID id, boolean includeDrafts) {
        return find("tenant = ?1 and id = ?2", tenant, id).<Consultation>firstResultOptional()
                .filter(c -> includeDrafts || c.isPublic())
                .orElseThrow(() -> ProblemException.notFound("There is no consultation with this id in this tenant."));
    }

    public List<Consultation> page(String tenant, UUID projectId, boolean includeDrafts, PageRequest page) {
        String where = "tenant = :tenant and projectId = :project" + (includeDrafts ? "" : " and status <> :draft");
        Parameters parameters = Parameters.with("tenant", tenant).and("project", projectId);
        if (!includeDrafts) {
            parameters.and("draft", ConsultationStatus.DRAFT);
        }
        return Keyset.newestFirst(this, where, parameters, "createdAt", page);
    }
}
