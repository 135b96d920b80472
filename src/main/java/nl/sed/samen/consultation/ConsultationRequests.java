package nl.sed.samen.consultation;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import nl.sed.samen.common.PlainText;
import nl.sed.samen.tenancy.ModerationMode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What officials send to create and change consultations. */
public final class ConsultationRequests {

    private ConsultationRequests() {
    }

    /** The describing fields both requests share; null means "not sent". */
    interface Fields {
        String title();

        String question();

        String description();

        ParticipationLevel participationLevel();

        String openForInput();

        String fixed();

        String decisionMaker();

        OffsetDateTime opensAt();

        OffsetDateTime closesAt();

        LocalDate feedbackDueDate();

        ModerationMode moderationMode();

        Audience audience();

        /** As the domain takes them: instants instead of the offsets sent. */
        default Consultation.Details details() {
            return new Consultation.Details(title(), question(), description(), participationLevel(), openForInput(),
                    fixed(), decisionMaker(), opensAt() == null ? null : opensAt().toInstant(),
                    closesAt() == null ? null : closesAt().toInstant(), feedbackDueDate(), moderationMode(),
                    audience());
        }
    }

    @Schema(name = "CreateConsultation")
    public record Create(
            @NotBlank @Size(max = 200) @PlainText(oneLine = true) @Schema(example = "Hoe wonen we in 2030?") String title,
            @Size(max = 1000) @PlainText @Schema(description = "The question residents are asked") String question,
            @Size(max = 20000) @PlainText String description,
            @Schema(description = "Rung on the participation ladder") ParticipationLevel participationLevel,
            @Size(max = 5000) @PlainText @Schema(description = "What residents can still influence (speelruimte)")
            String openForInput,
            @Size(max = 5000) @PlainText @Schema(description = "What is fixed: budget, law, council decisions (kaders)")
            String fixed,
            @Size(max = 500) @PlainText(oneLine = true) @Schema(description = "Who takes the decision", example = "gemeenteraad")
            String decisionMaker,
            @Schema(description = "From when input is taken (RFC 3339 with offset)") OffsetDateTime opensAt,
            @Schema(description = "Until when input is taken (RFC 3339 with offset)") OffsetDateTime closesAt,
            @Schema(description = "When participants hear what was done with their input")
            LocalDate feedbackDueDate,
            @Schema(description = "pre: reactions wait for approval; post: shown at once. Default: the tenant's")
            ModerationMode moderationMode,
            @Schema(description = "Default everyone") Audience audience) implements Fields {
    }

    @Schema(name = "UpdateConsultation", description = "Only the fields sent are changed; status moves the "
            + "consultation draft → open → closed (reported comes with feedback).")
    public record Update(
            @Size(max = 200) @PlainText(oneLine = true) String title,
            @Size(max = 1000) @PlainText String question,
            @Size(max = 20000) @PlainText String description,
            ParticipationLevel participationLevel,
            @Size(max = 5000) @PlainText String openForInput,
            @Size(max = 5000) @PlainText String fixed,
            @Size(max = 500) @PlainText(oneLine = true) String decisionMaker,
            OffsetDateTime opensAt,
            OffsetDateTime closesAt,
            LocalDate feedbackDueDate,
            ModerationMode moderationMode,
            Audience audience,
            ConsultationStatus status) implements Fields {
    }
}
