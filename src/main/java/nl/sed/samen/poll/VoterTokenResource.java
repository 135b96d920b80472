package nl.sed.samen.poll;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import nl.sed.samen.tenancy.TenantRepository;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/tenants/{tenant}/voter-tokens")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Polls")
public class VoterTokenResource {

    private final VoterTokens voterTokens;
    private final TenantRepository tenants;

    public VoterTokenResource(VoterTokens voterTokens, TenantRepository tenants) {
        this.voterTokens = voterTokens;
        this.tenants = tenants;
    }

    @POST
    @Transactional(Transactional.TxType.SUPPORTS)
    @Operation(summary = "Get an anonymous voter token", description = "The token identifies no person and is not "
            + "tied to an address; it votes once in each poll of this municipality until it expires.")
    @APIResponse(responseCode = "201", description = "A new token",
            content = @Content(schema = @Schema(implementation = VoterTokenResponse.class)))
    public Response issue(@PathParam("tenant") String tenant) {
        tenants.require(tenant);
        VoterTokens.Issued issued = voterTokens.issue(tenant);
        return Response.status(Response.Status.CREATED)
                .entity(new VoterTokenResponse(issued.token(), issued.expiresAt())).build();
    }

    @Schema(name = "VoterToken")
    public record VoterTokenResponse(String token, Instant expiresAt) {
    }
}
