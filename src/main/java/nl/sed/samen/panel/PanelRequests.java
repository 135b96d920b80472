package nl.sed.samen.panel;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import nl.sed.samen.common.AgeBand;
import nl.sed.samen.common.PlainText;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What officials and residents send to the panel. */
public final class PanelRequests {

    private static final String SLUG = "[a-z0-9-]{1,64}";

    private PanelRequests() {
    }

    @Schema(name = "CreatePanel")
    public record Create(
            @NotBlank @Size(max = 200) @PlainText(oneLine = true) @Schema(example = "SED Jongerenpanel") String name,
            @Size(max = 5000) @PlainText String description,
            @NotBlank @Pattern(regexp = SLUG) @Schema(description = "sed (across municipalities) or one tenant's slug",
                    example = "sed") String owner,
            @NotEmpty @Size(max = 20) @Schema(description = "The member municipalities (tenant slugs)")
            List<@NotNull @Pattern(regexp = SLUG) String> tenants,
            @NotEmpty @Size(max = 6) @Schema(description = "The age bands the panel is for")
            List<@NotNull AgeBand> ageBands) {
    }

    @Schema(name = "UpdatePanel", description = "Only the fields sent are changed. A panel's owner stays.")
    public record Update(
            @Size(max = 200) @PlainText(oneLine = true) String name,
            @Size(max = 5000) @PlainText String description,
            @Size(min = 1, max = 20) List<@NotNull @Pattern(regexp = SLUG) String> tenants,
            @Size(min = 1, max = 6) List<@NotNull AgeBand> ageBands,
            PanelStatus status) {
    }

    @Schema(name = "JoinPanel", description = "The municipality is the one in the path; the village one of its "
            + "villages. Under 16 a parent's or guardian's address is needed: membership starts once they confirm.")
    public record Join(
            @NotBlank @Email @Size(max = 254) @Schema(description = "Only for the panel's mails; never shown")
            String email,
            @NotNull AgeBand ageBand,
            @NotBlank @Size(max = 100) @Schema(description = "One of the municipality's villages") String area,
            @Email @Size(max = 254) @Schema(description = "Needed for under-16: the address of a parent or guardian")
            String guardianEmail,
            @Size(max = 500) @Schema(description = "Leave empty: a field only bots fill in (honeypot)") String website) {
    }

    @Schema(name = "PanelToken", description = "The token from a link in a panel mail (the part after #...=)")
    public record Token(@NotBlank @Size(max = 200) @Pattern(regexp = "[A-Za-z0-9_.-]+") String token) {
    }

    @Schema(name = "InvitePanel")
    public record Invite(@NotNull @Schema(description = "The panel whose active members are invited") UUID panelId) {
    }
}
