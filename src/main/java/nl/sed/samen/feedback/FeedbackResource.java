package nl.sed.samen.feedback;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import nl.sed.samen.common.Ids;
import nl.sed.samen.consultation.ConsultationResponse;
import nl.sed.samen.common.Clock;
import nl.sed.samen.participation.Viewers;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/tenants/{tenant}/consultations/{consultationId}/feedback")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Feedback", description = "Closing the loop: feedback, the participation report, the impact meter")
public class FeedbackResource {

    private final FeedbackService service;
    private final Viewers viewers;
    private final Clock clock;

    public FeedbackResource(FeedbackService service, Viewers viewers, Clock clock) {
        this.service = service;
        this.viewers = viewers;
        this.clock = clock;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Publish the feedback (terugkoppeling)", description = "Role editor or admin. Allowed once "
            + "the consultation is closed; it becomes reported, the feedback shows in its public view, and residents "
            + "who left an e-mail address get one message, after which the address is erased. Sending it again "
            + "corrects the text without sending messages again.")
    @APIResponse(responseCode = "200", description = "The reported consultation with its feedback",
            content = @Content(schema = @Schema(implementation = ConsultationResponse.class)))
    @APIResponse(responseCode = "409", description = "The consultation is not closed yet")
    public ConsultationResponse publish(@PathParam("tenant") String tenant,
            @PathParam("consultationId") String consultationId, @Valid @NotNull FeedbackRequest request) {
        return ConsultationResponse.from(
                service.publish(viewers.of(tenant), Ids.parse("consultationId", consultationId), request), clock.now());
    }
}
