package nl.sed.samen.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.UUID;
import nl.sed.samen.common.Clock;
import nl.sed.samen.security.Official;

/**
 * Records official writes in the same transaction as the write itself, so the log and the data never disagree.
 * Before and after are the API representations of official content; a resident's reaction appears only by id, status
 * and decision ({@code ReactionViews.Audited}), because the log outlives a withdrawal and must not keep what it erases.
 */
@ApplicationScoped
public class AuditLog implements PanacheRepositoryBase<AuditEvent, UUID> {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper mapper;
    private final Clock clock;

    public AuditLog(ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String tenant, Official official, String action, String entityType, UUID entityId,
            Object before, Object after) {
        persist(new AuditEvent(tenant, official.subject(), action, entityType, entityId, asMap(before), asMap(after),
                clock.now()));
    }

    /**
     * The same event in the log of each of these tenants: a change to a joint project (or anything under it) is in the
     * log of every municipality taking part.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(java.util.Collection<String> tenants, Official official, String action, String entityType,
            UUID entityId, Object before, Object after) {
        Map<String, Object> beforeMap = asMap(before);
        Map<String, Object> afterMap = asMap(after);
        for (String tenant : tenants) {
            persist(new AuditEvent(tenant, official.subject(), action, entityType, entityId, beforeMap, afterMap,
                    clock.now()));
        }
    }

    private Map<String, Object> asMap(Object value) {
        return value == null ? null : mapper.convertValue(value, MAP);
    }
}
