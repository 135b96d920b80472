package nl.sed.samen.poll;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import nl.sed.samen.common.AgeBand;
import nl.sed.samen.common.PlainText;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What officials and residents send about polls. */
public final class PollRequests {

    private PollRequests() {
    }

    interface Fields {
        String question();

        List<OptionInput> options();

        Integer maxChoices();

        ResultsVisibility resultsVisibility();

        VotingMode votingMode();

        OffsetDateTime opensAt();

        OffsetDateTime closesAt();

        /** As the domain takes them: labels and instants. */
        default Poll.Details details() {
            return new Poll.Details(question(), options() == null ? null
                    : options().stream().map(OptionInput::label).toList(), maxChoices(), resultsVisibility(),
                    votingMode(), opensAt() == null ? null : opensAt().toInstant(),
                    closesAt() == null ? null : closesAt().toInstant());
        }
    }

    @Schema(name = "PollOptionInput")
    public record OptionInput(@NotBlank @Size(max = 200) @PlainText(oneLine = true) String label) {
    }

    @Schema(name = "CreatePoll")
    public record Create(
            @NotBlank @Size(max = 500) @PlainText @Schema(example = "Welke boom wilt u op het plein?") String question,
            @NotNull @Size(min = 2, max = 20) List<@NotNull @Valid OptionInput> options,
            @Min(1) @Max(20) @Schema(description = "How many options a voter may choose; default 1") Integer maxChoices,
            @Schema(description = "Default after-vote") ResultsVisibility resultsVisibility,
            @Schema(description = "Default open") VotingMode votingMode,
            OffsetDateTime opensAt,
            OffsetDateTime closesAt) implements Fields {
    }

    @Schema(name = "UpdatePoll", description = "Only the fields sent are changed. Question, options and voting rules "
            + "change only while the poll is a draft; status moves it draft → open → closed.")
    public record Update(
            @Size(max = 500) @PlainText String question,
            @Size(min = 2, max = 20) List<@NotNull @Valid OptionInput> options,
            @Min(1) @Max(20) Integer maxChoices,
            ResultsVisibility resultsVisibility,
            VotingMode votingMode,
            OffsetDateTime opensAt,
            OffsetDateTime closesAt,
            PollStatus status) implements Fields {
    }

    @Schema(name = "CastVote", description = "An open poll needs the Voter-Token header; a code poll needs code.")
    public record Vote(
            @NotEmpty @Size(max = 20) List<@NotNull UUID> optionIds,
            @Schema(description = "Optional, self-reported") AgeBand ageBand,
            @Size(max = 100) @Schema(description = "Optional: one of the tenant's villages") String area,
            @Size(max = 64) @Schema(description = "The voting code, for a code poll") String code) {
    }

    @Schema(name = "GenerateVotingCodes")
    public record GenerateCodes(@NotNull @Min(1) @Max(5000) Integer count) {
    }
}
