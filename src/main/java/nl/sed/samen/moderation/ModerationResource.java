package nl.sed.samen.moderation;

import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import nl.sed.samen.common.Ids;
import nl.sed.samen.common.PageRequest;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.defence.ProofOfWork;
import nl.sed.samen.security.ClientKeys;
import nl.sed.samen.tenancy.Tenant;
import java.util.UUID;
import jakarta.ws.rs.HeaderParam;
import nl.sed.samen.defence.AnonymousWrites;
import nl.sed.samen.reaction.ReactionRequests;
import nl.sed.samen.reaction.ReactionViews;
import nl.sed.samen.participation.Scopes;
import nl.sed.samen.participation.Viewer;
import nl.sed.samen.participation.Viewers;
import nl.sed.samen.security.Role;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/tenants/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Moderation", description = "The moderation desk, official replies, and residents' flags")
public class ModerationResource {

    private final ModerationService service;
    private final Viewers viewers;
    private final Scopes scopes;
    private final AnonymousWrites anonymousWrites;

    public ModerationResource(ModerationService service, Viewers viewers, Scopes scopes,
            AnonymousWrites anonymousWrites) {
        this.service = service;
        this.viewers = viewers;
        this.scopes = scopes;
        this.anonymousWrites = anonymousWrites;
    }

    @GET
    @Path("/moderation/reactions")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "The moderation queue", description = "Role moderator or admin. status=pending: waiting for "
            + "approval, oldest first; status=flagged: every reaction residents flagged since its last decision, from "
            + "the first flag, most flags first and then oldest first, with the flags counted per reason. q searches "
            + "the text (Dutch stemming).")
    @APIResponse(responseCode = "200", description = "One page of the queue",
            content = @Content(schema = @Schema(implementation = ModerationPageResult.class)))
    public ModerationPageResult queue(@PathParam("tenant") String tenant,
            @QueryParam("status") @Parameter(description = "pending or flagged (default pending)",
                    schema = @Schema(type = SchemaType.STRING, enumeration = {"pending", "flagged"})) String status,
            @QueryParam("q") @Parameter(description = "Words to search for") String q,
            @QueryParam("limit") @Parameter(description = "Page size, 1 to 100 (default 20)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100")) String limit,
            @QueryParam("cursor") @Parameter(description = "Opaque cursor from the previous page's next link") String cursor,
            @Context UriInfo uriInfo) {
        Viewer viewer = viewers.of(tenant);
        viewer.requireRole(Role.MODERATOR);
        ModerationService.Queue queue = switch (status == null ? "pending" : status) {
            case "pending" -> ModerationService.Queue.PENDING;
            case "flagged" -> ModerationService.Queue.FLAGGED;
            default -> throw ProblemException.invalidField("status", "unknown value; allowed: pending, flagged");
        };
        if (q != null && q.length() > 200) {
            throw ProblemException.invalidField("q", "at most 200 characters");
        }
        var page = service.queue(viewer, queue, q, PageRequest.of(limit, cursor))
                .toPage(queued -> queue == ModerationService.Queue.FLAGGED
                        ? ReactionViews.Listed.forOfficials(queued.reaction()).withFlagReasons(queued.flagReasons())
                        : ReactionViews.Listed.forOfficials(queued.reaction()), uriInfo);
        return new ModerationPageResult(page.items(), page.next());
    }

    @POST
    @Path("/reactions/{reactionId}/moderation")
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Decide on a reaction: approve, reject, hide or restore, with a reason",
            description = "Role moderator or admin. A decision that does not fit the reaction's state, or that "
                    + "another moderator made first, is a 409.")
    @APIResponse(responseCode = "200", description = "The reaction after the decision",
            content = @Content(schema = @Schema(implementation = ReactionViews.Listed.class)))
    @APIResponse(responseCode = "409", description = "Not possible in the reaction's state, or decided concurrently")
    public ReactionViews.Listed decide(@PathParam("tenant") String tenant, @PathParam("reactionId") String reactionId,
            @Valid @NotNull ReactionRequests.Moderate request) {
        return ReactionViews.Listed.forOfficials(
                service.decide(viewers.of(tenant), Ids.parse("reactionId", reactionId), request));
    }

    @PUT
    @Path("/reactions/{reactionId}/reply")
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Give (or change) the official reply to a reaction", description = "Role moderator or admin. "
            + "Shown with the reaction, with the replying role and time but not the official's name.")
    @APIResponse(responseCode = "200", description = "The reaction with its reply",
            content = @Content(schema = @Schema(implementation = ReactionViews.Listed.class)))
    @APIResponse(responseCode = "409", description = "The author has withdrawn the reaction")
    public ReactionViews.Listed reply(@PathParam("tenant") String tenant, @PathParam("reactionId") String reactionId,
            @Valid @NotNull ReactionRequests.Reply request) {
        return ReactionViews.Listed.forOfficials(
                service.reply(viewers.of(tenant), Ids.parse("reactionId", reactionId), request));
    }

    @DELETE
    @Path("/reactions/{reactionId}/reply")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Remove the official reply", description = "Role moderator or admin.")
    @APIResponse(responseCode = "204", description = "Removed")
    public Response removeReply(@PathParam("tenant") String tenant, @PathParam("reactionId") String reactionId) {
        service.removeReply(viewers.of(tenant), Ids.parse("reactionId", reactionId));
        return Response.noContent().build();
    }

    @POST
    @Path("/reactions/{reactionId}/flags")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Flag a reaction", description = "Anonymous. Each network (an IPv4 address, an IPv6 /64) "
            + "counts once per reaction. The first flag puts the reaction in the moderators' flagged queue; every "
            + "further flag needs a solved proof-of-work (403 of type proof-of-work-required naming the challengeUrl; "
            + "send the solution in the Altcha header). At the tenant's threshold of flags from distinct networks "
            + "the reaction is hidden until a moderator decides, if the tenant wants that.")
    @APIResponse(responseCode = "202", description = "Received")
    @APIResponse(responseCode = "403", description = "A proof-of-work is required (type proof-of-work-required, with "
            + "challengeUrl), or the consultation is for a panel (type panel-only)")
    @APIResponse(responseCode = "429", description = "Too many flags from this network; see Retry-After",
            headers = @Header(name = "Retry-After", description = "Seconds to wait",
                    schema = @Schema(type = SchemaType.INTEGER)))
    public Response flag(@PathParam("tenant") String tenant, @PathParam("reactionId") String reactionId,
            @HeaderParam(ProofOfWork.HEADER) @Parameter(description = "Solved ALTCHA challenge, base64 (when asked)")
            String altcha, @Valid @NotNull ReactionRequests.Flag request, @Context HttpServerRequest http) {
        Tenant found = scopes.tenant(tenant).tenant();
        UUID id = Ids.parse("reactionId", reactionId);
        ClientKeys.Keys client = anonymousWrites.admitFlag(found, http, altcha, service.hasFlags(tenant, id));
        service.flag(viewers.of(tenant), id, client.today(), client.yesterday().orElse(null), request);
        return Response.accepted().build();
    }

    /** The queue's shape, named for the contract. */
    @Schema(name = "ModerationPage")
    public record ModerationPageResult(List<ReactionViews.Listed> items, @Schema(nullable = true) String next) {
    }
}
