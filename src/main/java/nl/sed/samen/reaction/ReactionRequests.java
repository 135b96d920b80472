package nl.sed.samen.reaction;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import nl.sed.samen.common.AgeBand;
import nl.sed.samen.common.PlainText;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What residents and officials send about reactions. */
public final class ReactionRequests {

    private ReactionRequests() {
    }

    @Schema(name = "SubmitReaction")
    public record Submit(
            @NotBlank @Size(max = 5000) @PlainText @Schema(description = "The reaction, as plain text") String body,
            @Size(max = 80) @PlainText(oneLine = true) @Schema(description = "Shown with the reaction; optional") String displayName,
            @Schema(description = "Optional, self-reported; never shown with the reaction") AgeBand ageBand,
            @Size(max = 100) @Schema(description = "Optional: one of the tenant's villages; never shown with the reaction")
            String area,
            @Email @Size(max = 254) @Schema(description = "Optional, only to hear the feedback; never shown or exported")
            String email,
            @Size(max = 500) @Schema(description = "Leave empty: a field only bots fill in (honeypot)") String website) {

        Reaction.Authored authored() {
            return new Reaction.Authored(body, displayName, ageBand, area, email);
        }
    }

    @Schema(name = "ModerationDecision")
    public record Moderate(
            @NotNull Decision decision,
            @NotBlank @Size(max = 1000) @PlainText @Schema(description = "Why; a rejection's reason is shown to the author")
            String reason) {
    }

    @Schema(name = "OfficialReply")
    public record Reply(@NotBlank @Size(max = 5000) @PlainText String body) {
    }

    @Schema(name = "FlagReaction")
    public record Flag(@NotNull FlagReason reason, @Size(max = 500) @PlainText String comment) {
    }
}
