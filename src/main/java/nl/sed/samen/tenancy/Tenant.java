package nl.sed.samen.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import nl.sed.samen.common.Patch;
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

    /** A tenant's settings as an admin changes them; null means "unchanged". */
    public record Settings(List<String> allowedOrigins, ModerationMode defaultModerationMode,
            Boolean proofOfWorkRequired, Integer flagThreshold, Boolean hideFlagged, Integer emailRetentionDays) {
    }

    /** An admin's change of settings: only the values that differ change; returns whether any did. */
    boolean configure(Settings settings, Instant now) {
        boolean changed = new Patch()
                .field(allowedOrigins, settings.allowedOrigins() == null ? null
                        : List.copyOf(new LinkedHashSet<>(settings.allowedOrigins())), v -> allowedOrigins = v)
                .field(defaultModerationMode, settings.defaultModerationMode(), v -> defaultModerationMode = v)
                .field(proofOfWorkRequired, settings.proofOfWorkRequired(), v -> proofOfWorkRequired = v)
                .field(flagThreshold, settings.flagThreshold(), v -> flagThreshold = v)
                .field(hideFlagged, settings.hideFlagged(), v -> hideFlagged = v)
                .field(emailRetentionDays, settings.emailRetentionDays(), v -> emailRetentionDays = v)
                .apply();
        if (changed) {
            updatedAt = now;
        }
        return changed;
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
