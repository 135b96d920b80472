package nl.sed.samen.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One official write or moderation decision, kept as it happened: never updated, never deleted by the service. */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

    @Id
    private UUID id;

    @Column(name = "tenant_slug")
    private String tenant;

    private String actor;
    private String action;

    @Column(name = "entity_type")
    private String entityType;

    @Column(name = "entity_id")
    private UUID entityId;

    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, Object> before;

    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, Object> after;

    @Column(name = "occurred_at")
    private Instant occurredAt;

    protected AuditEvent() {
    }

    AuditEvent(String tenant, String actor, String action, String entityType, UUID entityId,
            Map<String, Object> before, Map<String, Object> after, Instant occurredAt) {
        this.id = UUID.randomUUID();
        this.tenant = tenant;
        this.actor = actor;
        this.action = action;
        this.entityType = entityType;
        this.entityId = entityId;
        this.before = before;
        this.after = after;
        this.occurredAt = occurredAt;
    }

    public UUID id() {
        return id;
    }

    public String tenant() {
        return tenant;
    }

    public String actor() {
        return actor;
    }

    public String action() {
        return action;
    }

    public String entityType() {
        return entityType;
    }

    public UUID entityId() {
        return entityId;
    }

    public Map<String, Object> before() {
        return before;
    }

    public Map<String, Object> after() {
        return after;
    }

    public Instant occurredAt() {
        return occurredAt;
    }
}
