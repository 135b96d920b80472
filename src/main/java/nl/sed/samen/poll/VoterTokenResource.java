package nl.sed.samen.poll;

import io.vertx.core.http.HttpServerRequest;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.Context;
import nl.sed.samen.defence.Limit;
import nl.sed.samen.defence.ProofOfWork;
import nl.sed.samen.defence.AnonymousWrites;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
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
    private final AnonymousWrites anonymousWrites;

    public VoterTokenResource(VoterTokens voterTokens, TenantRepository tenants, AnonymousWrites anonymousWrites) {
        this.voterTokens = voterTokens;
        this.tenants = tenants;
        this.anonymousWrites = anonymousWrites;
    }

    @POST
    @Transactional(Transactional.TxType.SUPPORTS)
    @Operation(summary = "Get an anonymous voter token", description = "The token identifies no person and is not "
            + "tied to an address; it votes once in each poll of this municipality until it expires. Rate limited "
            + "per client; when the tenant requires proof-of-work, send a solved challenge in the Altcha header.")
    @APIResponse(responseCode = "201", description = "A new token",
            content = @Content(schema = @Schema(implementation = VoterTokenResponse.class)))
    @APIResponse(responseCode = "403", description = "Proof-of-work required, invalid or reused")
    @APIResponse(responseCode = "429", description = "Too many tokens from this client; see Retry-After",
            headers = @Header(name = "Retry-After", description = "Seconds to wait",
                    schema = @Schema(type = SchemaType.INTEGER)))
    public Response issue(@PathParam("tenant") String tenant,
            @HeaderParam(ProofOfWork.HEADER) @Parameter(description = "Solved ALTCHA challenge, base64 (when required)")
            String altcha, @Context HttpServerRequest http) {
        anonymousWrites.admit(tenants.require(tenant), Limit.VOTER_TOKENS, http, altcha);
        VoterTokens.Issued issued = voterTokens.issue(tenant);
        return Response.status(Response.Status.CREATED)
                .entity(new VoterTokenResponse(issued.token(), issued.expiresAt())).build();
    }

    @Schema(name = "VoterToken")
    public record VoterTokenResponse(String token, Instant expiresAt) {
    }
}
