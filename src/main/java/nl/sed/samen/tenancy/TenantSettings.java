package nl.sed.samen.tenancy;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An admin's change of a tenant's settings; only the fields sent change. */
@Schema(name = "UpdateTenantSettings")
public record TenantSettings(
        @Size(max = 20) @Schema(description = "Web origins allowed to write from a browser, e.g. https://samen.enkhuizen.nl")
        List<@NotNull @Pattern(regexp = "^https?://[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?(:[0-9]{1,5})?$",
                message = "must be an origin: scheme, host and optional port, lower case, no path") String> allowedOrigins,
        ModerationMode defaultModerationMode,
        @Schema(description = "Require a solved proof-of-work challenge for voter tokens and reactions")
        Boolean proofOfWorkRequired,
        @Min(1) @Max(100) @Schema(description = "Flags from distinct residents that put a reaction in the flagged queue")
        Integer flagThreshold,
        @Schema(description = "Hide a reaction that reaches the flag threshold until a moderator reviews it")
        Boolean hideFlagged,
        @Min(1) @Max(3650) @Schema(description = "Days an e-mail address left with a reaction is kept at most")
        Integer emailRetentionDays) {

    Tenant.Settings settings() {
        return new Tenant.Settings(allowedOrigins, defaultModerationMode, proofOfWorkRequired, flagThreshold,
                hideFlagged, emailRetentionDays);
    }
}
