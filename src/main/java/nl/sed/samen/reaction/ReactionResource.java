package nl.sed.samen.reaction;

import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import nl.sed.samen.common.HttpCaching;
import nl.sed.samen.common.Ids;
import nl.sed.samen.common.PageRequest;
import nl.sed.samen.defence.Limit;
import nl.sed.samen.defence.ProofOfWork;
import nl.sed.samen.defence.AnonymousWrites;
import nl.sed.samen.participation.ParticipationScope;
import nl.sed.samen.participation.Scopes;
import nl.sed.samen.participation.Viewer;
import nl.sed.samen.participation.Viewers;
import nl.sed.samen.participation.Visibility;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/tenants/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reactions", description = "Residents' reactions (reacties) on consultations")
public class ReactionResource {

    private final ReactionService service;
    private final Viewers viewers;
    private final Scopes scopes;
    private final HttpCaching caching;
    private final AnonymousWrites anonymousWrites;

    public ReactionResource(ReactionService service, Viewers viewers, Scopes scopes, HttpCaching caching,
            AnonymousWrites anonymousWrites) {
        this.service = service;
        this.viewers = viewers;
        this.scopes = scopes;
        this.caching = caching;
        this.anonymousWrites = anonymousWrites;
    }

    @GET
    @Path("/consultations/{consultationId}/reactions")
    @Operation(summary = "The reactions on a consultation, newest first, with official replies",
            description = "The public sees published reactions of a consultation it may see; officials with a role "
                    + "for the tenant see every status but withdrawn, with the moderation details.")
    @APIResponse(responseCode = "200", description = "One page of reactions",
            headers = {@Header(name = "ETag", ref = "ETag"), @Header(name = "Cache-Control", ref = "Cache-Control")},
            content = @Content(schema = @Schema(implementation = ReactionPage.class)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag sent in If-None-Match")
    public Response list(@PathParam("tenant") String tenant, @PathParam("consultationId") String consultationId,
            @QueryParam("limit") @Parameter(description = "Page size, 1 to 100 (default 20)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100")) String limit,
            @QueryParam("cursor") @Parameter(description = "Opaque cursor from the previous page's next link") String cursor,
            @Context UriInfo uriInfo, @Context Request request) {
        PageRequest page = PageRequest.of(limit, cursor);
        Viewer viewer = viewers.of(tenant);
        boolean details = Visibility.moderationDetails(viewer);
        return caching.ok(request, service.list(viewer, Ids.parse("consultationId", consultationId), page)
                .toPage(r -> ReactionViews.Listed.of(r, details), uriInfo), viewer.isOfficial());
    }

    @POST
    @Path("/consultations/{consultationId}/reactions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "React to an open consultation", description = "Anonymous. 201 when published at once "
            + "(post-moderation), 202 when it waits for a moderator (pre-moderation). Keep the receiptToken: it is "
            + "shown only in this response. A panel's consultation takes reactions only with the participation token "
            + "of a panel invitation, sent as the Voter-Token header.")
    @APIResponse(responseCode = "201", description = "Published",
            content = @Content(schema = @Schema(implementation = ReactionViews.Submitted.class)))
    @APIResponse(responseCode = "202", description = "Waiting for moderation",
            content = @Content(schema = @Schema(implementation = ReactionViews.Submitted.class)))
    @APIResponse(responseCode = "403", description = "Proof-of-work required, invalid or reused; or the "
            + "consultation is for a panel (problem type panel-only)")
    @APIResponse(responseCode = "409", description = "The consultation does not take reactions now, or the same text "
            + "was just sent")
    @APIResponse(responseCode = "429", description = "Too many reactions from this client; see Retry-After",
            headers = @Header(name = "Retry-After", description = "Seconds to wait",
                    schema = @Schema(type = SchemaType.INTEGER)))
    public Response submit(@PathParam("tenant") String tenant, @PathParam("consultationId") String consultationId,
            @HeaderParam(ProofOfWork.HEADER) @Parameter(description = "Solved ALTCHA challenge, base64 (when required)")
            String altcha,
            @HeaderParam("Voter-Token") @Parameter(description = "A panel invitation's participation token (panel "
                    + "consultations only)") String voterToken,
            @Valid @NotNull ReactionRequests.Submit request, @Context UriInfo uriInfo,
            @Context HttpServerRequest http) {
        // the scope (with its tenant) is loaded once, for the gate and for the rules
        ParticipationScope scope = scopes.consultation(tenant, Ids.parse("consultationId", consultationId));
        String client = anonymousWrites.admit(scope.tenant(), Limit.REACTIONS, http, altcha);
        ReactionViews.Submitted submitted = ReactionViews.Submitted.of(
                service.submit(viewers.of(tenant, voterToken), scope, request, client));
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.status(submitted.status() == ReactionStatus.PUBLISHED ? 201 : 202)
                .location(uriInfo.getBaseUriBuilder().path("tenants").path(tenant).path("reactions")
                        .path(submitted.id().toString()).build())
                .cacheControl(noStore).entity(submitted).build();
    }

    @GET
    @Path("/reactions/{reactionId}")
    @Operation(summary = "An author's view of their own reaction", description = "With the Receipt-Token header: the "
            + "status and, when rejected or hidden, the reason.")
    @APIResponse(responseCode = "200", description = "The reaction",
            content = @Content(schema = @Schema(implementation = ReactionViews.Own.class)))
    @APIResponse(responseCode = "403", description = "The receipt token does not belong to this reaction")
    public ReactionViews.Own own(@PathParam("tenant") String tenant, @PathParam("reactionId") String reactionId,
            @HeaderParam(ReactionService.RECEIPT_HEADER) @Parameter(description = "The token received at submission")
            String receiptToken) {
        return ReactionViews.Own.of(service.own(tenant, Ids.parse("reactionId", reactionId), receiptToken));
    }

    @DELETE
    @Path("/reactions/{reactionId}")
    @Operation(summary = "Withdraw one's own reaction", description = "With the Receipt-Token header. The reaction "
            + "leaves every list; its text and personal fields are erased.")
    @APIResponse(responseCode = "204", description = "Withdrawn")
    @APIResponse(responseCode = "403", description = "The receipt token does not belong to this reaction")
    public Response withdraw(@PathParam("tenant") String tenant, @PathParam("reactionId") String reactionId,
            @HeaderParam(ReactionService.RECEIPT_HEADER) @Parameter(description = "The token received at submission")
            String receiptToken) {
        service.withdraw(tenant, Ids.parse("reactionId", reactionId), receiptToken);
        return Response.noContent().build();
    }

    /** The list shape, named for the contract. */
    @Schema(name = "ReactionPage")
    record ReactionPage(List<ReactionViews.Listed> items, @Schema(nullable = true) String next) {
    }
}
