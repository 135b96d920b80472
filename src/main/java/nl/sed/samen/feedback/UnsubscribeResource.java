package nl.sed.samen.feedback;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The target of the feedback mail's List-Unsubscribe header: a mail client's one-click POST (RFC 8058). */
@Path("/tenants/{tenant}/unsubscribe/{token}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Feedback")
public class UnsubscribeResource {

    private final FeedbackService service;

    public UnsubscribeResource(FeedbackService service) {
        this.service = service;
    }

    @POST
    @Operation(summary = "Unsubscribe with one click (RFC 8058)", description = "Public; the token comes from the "
            + "List-Unsubscribe header of a feedback message. Erases the e-mail address at once from every reaction "
            + "and unsent message of this municipality. The body (List-Unsubscribe=One-Click) is not needed. "
            + "Idempotent: a repeated POST is a 204 as well.")
    @APIResponse(responseCode = "204", description = "The address is erased (or already was)")
    @APIResponse(responseCode = "404", description = "The tenant does not exist, or the token is not one Samen made")
    public Response unsubscribe(@PathParam("tenant") String tenant,
            @PathParam("token") @Parameter(description = "From the List-Unsubscribe link") String token) {
        service.unsubscribe(tenant, token);
        return Response.noContent().build();
    }
}
