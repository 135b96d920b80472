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
        boolean proofOfWorkRequired) {

    public static TenantResponse from(Tenant tenant) {
        return new TenantResponse(tenant.slug(), tenant.name(), tenant.cbsCode(), tenant.areas(),
                tenant.allowedOrigins(), tenant.defaultModerationMode(), tenant.proofOfWorkRequired());
    }
}
