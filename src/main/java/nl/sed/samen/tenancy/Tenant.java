package nl.sed.samen.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A municipality served by Samen, with its villages (areas), the web origins allowed to call the write API from a
 * browser, and its participation settings. Created by migrations; settings are changed by an admin.
 */
@Entity
@Table(name = "tenant")
public class Tenant {

    @Id
    private String slug;

    private String name;

    @Column(name = "cbs_code")
    private String cbsCode;

    @JdbcTypeCode(SqlTypes.ARRAY)
    private List<String> areas;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "allowed_origins")
    private List<String> allowedOrigins;

    @Enumerated(EnumType.STRING)
    @Column(name = "default_moderation_mode")
    private ModerationMode defaultModerationMode;

    @Column(name = "proof_of_work_required")
    private boolean proofOfWorkRequired;

    @Column(name = "flag_threshold")
    private int flagThreshold;

    @Column(name = "hide_flagged")
    private boolean hideFlagged;

    @Column(name = "email_retention_days")
    private int emailRetentionDays;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Version
    private long version;

    protected Tenant() {
    }

    /** An admin's change of settings; only the values sent change. */
    void configure(TenantSettings settings, java.time.Instant now) {
        if (settings.allowedOrigins() != null) {
            allowedOrigins = List.copyOf(new java.util.LinkedHashSet<>(settings.allowedOrigins()));
        }
        if (settings.defaultModerationMode() != null) {
            defaultModerationMode = settings.defaultModerationMode();
        }
        if (settings.proofOfWorkRequired() != null) {
            proofOfWorkRequired = settings.proofOfWorkRequired();
        }
        if (settings.flagThreshold() != null) {
            flagThreshold = settings.flagThreshold();
        }
        if (settings.hideFlagged() != null) {
            hideFlagged = settings.hideFlagged();
        }
        if (settings.emailRetentionDays() != null) {
            emailRetentionDays = settings.emailRetentionDays();
        }
        updatedAt = now;
    }

    public String slug() {
        return slug;
    }

    public String name() {
        return name;
    }

    public String cbsCode() {
        return cbsCode;
    }

    public List<String> areas() {
        return List.copyOf(areas);
    }

    /** Whether the area is one of this municipality's villages, by exact name. */
    public boolean hasArea(String area) {
        return areas.contains(area);
    }

    public List<String> allowedOrigins() {
        return List.copyOf(allowedOrigins);
    }

    public boolean allowsOrigin(String origin) {
        return allowedOrigins.contains(origin);
    }

    public ModerationMode defaultModerationMode() {
        return defaultModerationMode;
    }

    public boolean proofOfWorkRequired() {
        return proofOfWorkRequired;
    }

    public int flagThreshold() {
        return flagThreshold;
    }

    public boolean hideFlagged() {
        return hideFlagged;
    }

    public int emailRetentionDays() {
        return emailRetentionDays;
    }
}
