package nl.sed.samen.feedback;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import nl.sed.samen.common.PlainText;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Feedback (terugkoppeling): what came out of the input, what was decided and by whom, and what changed. */
@Schema(name = "PublishFeedback")
public record FeedbackRequest(
        @NotBlank @Size(max = 20000) @PlainText @Schema(description = "A summary of the input") String summary,
        @NotBlank @Size(max = 20000) @PlainText @Schema(description = "The decision") String decision,
        @Size(max = 500) @PlainText(oneLine = true) @Schema(description = "Who took it; default the consultation's decisionMaker")
        String decidedBy,
        @Size(max = 20000) @PlainText @Schema(description = "What changed because of the input") String changes) {
}
