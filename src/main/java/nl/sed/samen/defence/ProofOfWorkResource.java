package nl.sed.samen.defence;

import io.vertx.core.http.HttpServerRequest;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Context;
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
    private final AnonymousWrites anonymousWrites;

    public ProofOfWorkResource(ProofOfWork proofOfWork, TenantRepository tenants, AnonymousWrites anonymousWrites) {
        this.proofOfWork = proofOfWork;
        this.tenants = tenants;
        this.anonymousWrites = anonymousWrites;
    }

    @GET
    @Transactional(Transactional.TxType.SUPPORTS)
    @Operation(summary = "A proof-of-work challenge (ALTCHA)", description = "The challengeUrl of a 403 of type "
            + "proof-of-work-required. A write needs a solved challenge when the tenant requires proof-of-work "
            + "(proofOfWorkRequired: voter tokens and reactions), when the caller's network (an IPv4 address, an "
            + "IPv6 /64) has used the free part of its allowance for that kind of write, and for every flag after a "
            + "reaction's first. Solve the challenge (the ALTCHA widget or altcha-lib does: find the number n with "
            + "SHA-256(salt + n) = challenge, 0 <= n <= maxnumber) and send the same request again with header "
            + "Altcha: base64 of {\"algorithm\",\"challenge\",\"number\",\"salt\",\"signature\"}. Each "
            + "solution is accepted once and expires after 10 minutes. The difficulty (maxnumber) grows with the "
            + "network's excess over its free allowance: a solution of a challenge more than one level easier than "
            + "the write asks for is refused with a new 403.")
    @APIResponse(responseCode = "200", description = "A challenge in the ALTCHA widget's format",
            content = @Content(schema = @Schema(implementation = Challenge.class)))
    public Response challenge(@PathParam("tenant") String tenant, @Context HttpServerRequest http) {
        int level = anonymousWrites.challengeLevel(tenants.require(tenant), http);
        Altcha.Challenge challenge = proofOfWork.challenge(level);
        return Response.ok(new Challenge(challenge.algorithm, challenge.challenge, challenge.maxnumber, challenge.salt,
                challenge.signature)).header("Cache-Control", "no-store").build();
    }

    /** The ALTCHA challenge shape (field names as the widget expects them). */
    @Schema(name = "ProofOfWorkChallenge")
    public record Challenge(String algorithm, String challenge, Long maxnumber, String salt, String signature) {
    }
}
