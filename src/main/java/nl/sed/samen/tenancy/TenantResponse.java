package nl.sed.samen.tenancy;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A tenant and its public settings: what a municipality website needs to render forms and embeds. */
@Schema(name = "Tenant")
public record TenantResponse(
        @Schema(example = "enkhuizen") String slug,
        @Schema(example = "Enkhuizen") String name,
        @Schema(example = "GM0388") String cbsCode,
        @Schema(description = "The villages and towns (kernen) residents can choose as their area") List<String> areas,
        @Schema(description = "Web origins allowed to send votes and reactions from a browser") List<String> allowedOrigins,
        ModerationMode defaultModerationMode,
        @Schema(description = "Whether voter-token and reaction requests need a solved proof-of-work challenge")
        boolean proofOfWorkRequired,
        @Schema(description = "Flags from distinct residents that put a reaction in the flagged queue") int flagThreshold,
        @Schema(description = "Whether a reaction at the flag threshold is hidden until reviewed") boolean hideFlagged,
        @Schema(description = "Days an e-mail address left with a reaction is kept at most") int emailRetentionDays) {

    public static TenantResponse from(Tenant tenant) {
        return new TenantResponse(tenant.slug(), tenant.name(), tenant.cbsCode(), tenant.areas(),
                tenant.allowedOrigins(), tenant.defaultModerationMode(), tenant.proofOfWorkRequired(),
                tenant.flagThreshold(), tenant.hideFlagged(), tenant.emailRetentionDays());
    }
}
