package nl.sed.samen.defence;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import nl.sed.samen.tenancy.TenantRepository;
import org.altcha.altcha.Altcha;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/tenants/{tenant}/proof-of-work")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Polls")
public class ProofOfWorkResource {

    private final ProofOfWork proofOfWork;
    private final TenantRepository tenants;

    public ProofOfWorkResource(ProofOfWork proofOfWork, TenantRepository tenants) {
        this.proofOfWork = proofOfWork;
        this.tenants = tenants;
    }

    @GET
    @Transactional(Transactional.TxType.SUPPORTS)
    @Operation(summary = "A proof-of-work challenge (ALTCHA)", description = "For tenants that require proof-of-work "
            + "(proofOfWorkRequired): solve it (the ALTCHA widget does) and send the base64 payload in the Altcha "
            + "header of POST voter-tokens and POST reactions. Each solution is accepted once.")
    @APIResponse(responseCode = "200", description = "A challenge in the ALTCHA widget's format",
            content = @Content(schema = @Schema(implementation = Challenge.class)))
    public Response challenge(@PathParam("tenant") String tenant) {
        tenants.require(tenant);
        Altcha.Challenge challenge = proofOfWork.challenge();
        return Response.ok(new Challenge(challenge.algorithm, challenge.challenge, challenge.maxnumber, challenge.salt,
                challenge.signature)).header("Cache-Control", "no-store").build();
    }

    /** The ALTCHA challenge shape (field names as the widget expects them). */
    @Schema(name = "ProofOfWorkChallenge")
    public record Challenge(String algorithm, String challenge, Long maxnumber, String salt, String signature) {
    }
}
