package nl.sed.samen.poll;

import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import nl.sed.samen.common.HttpCaching;
import nl.sed.samen.common.Csv;
import nl.sed.samen.common.Ids;
import nl.sed.samen.common.PageRequest;
import nl.sed.samen.defence.BallotAllowance;
import nl.sed.samen.defence.ProofOfWork;
import nl.sed.samen.defence.AnonymousWrites;
import nl.sed.samen.defence.BallotAllowance;
import nl.sed.samen.participation.Viewer;
import nl.sed.samen.participation.Viewers;
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
@Tag(name = "Polls", description = "Polls (peilingen) that municipality websites embed, and voting in them")
public class PollResource {

    private final PollService service;
    private final Viewers viewers;
    private final HttpCaching caching;
    private final AnonymousWrites anonymousWrites;
    private final PollSnapshots snapshots;
    private final BallotAllowance ballotAllowance;

    public PollResource(PollService service, Viewers viewers, HttpCaching caching, AnonymousWrites anonymousWrites,
            PollSnapshots snapshots, BallotAllowance ballotAllowance) {
        this.ballotAllowance = ballotAllowance;
        this.snapshots = snapshots;
        this.service = service;
        this.viewers = viewers;
        this.caching = caching;
        this.anonymousWrites = anonymousWrites;
    }

    @GET
    @Path("/consultations/{consultationId}/polls")
    @Operation(summary = "List the polls of a consultation, newest first",
            description = "The public sees all but drafts, with results where the poll's visibility allows.")
    @APIResponse(responseCode = "200", description = "One page of polls",
            headers = {@Header(name = "ETag", ref = "ETag"), @Header(name = "Cache-Control", ref = "Cache-Control")},
            content = @Content(schema = @Schema(implementation = PollPage.class)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag sent in If-None-Match")
    public Response list(@PathParam("tenant") String tenant, @PathParam("consultationId") String consultationId,
            @QueryParam("limit") @Parameter(description = "Page size, 1 to 100 (default 20)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100")) String limit,
            @QueryParam("cursor") @Parameter(description = "Opaque cursor from the previous page's next link") String cursor,
            @Context UriInfo uriInfo, @Context Request request) {
        PageRequest page = PageRequest.of(limit, cursor);
        Viewer viewer = viewers.of(tenant);
        return caching.ok(request, service.list(viewer, Ids.parse("consultationId", consultationId), page)
                .toPage(PollResponse::from, uriInfo), viewer.isOfficial());
    }

    @POST
    @Path("/consultations/{consultationId}/polls")
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Create a poll (as a draft)", description = "Role editor or admin of the tenant.")
    @APIResponse(responseCode = "201", description = "Created",
            headers = @Header(name = "Location", description = "URL of the new poll",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = PollResponse.class)))
    public Response create(@PathParam("tenant") String tenant, @PathParam("consultationId") String consultationId,
            @Valid @NotNull PollRequests.Create request, @Context UriInfo uriInfo) {
        PollResponse created = PollResponse.from(
                service.create(viewers.of(tenant), Ids.parse("consultationId", consultationId), request));
        return Response.created(uriInfo.getBaseUriBuilder().path("tenants").path(tenant).path("polls")
                .path(created.id().toString()).build()).entity(created).build();
    }

    @GET
    @Path("/polls/{pollId}")
    @Operation(summary = "A poll with its options and, when visible, its results",
            description = "Send the Voter-Token header to learn whether that token has voted; with results "
                    + "visibility after-vote, a token that has voted sees the results.")
    @APIResponse(responseCode = "200", description = "The poll",
            headers = {@Header(name = "ETag", ref = "ETag"), @Header(name = "Cache-Control", ref = "Cache-Control")},
            content = @Content(schema = @Schema(implementation = PollResponse.class)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag sent in If-None-Match")
    public Response get(@PathParam("tenant") String tenant, @PathParam("pollId") String pollId,
            @HeaderParam(VoterTokens.HEADER) @Parameter(description = "An anonymous voter token (optional)")
            String voterToken, @Context Request request) {
        Viewer viewer = viewers.of(tenant, voterToken);
        UUID id = Ids.parse("pollId", pollId);
        if (viewer.kind() == Viewer.Kind.RESIDENT) {
            return caching.ok(request, snapshots.view(tenant, id, () -> service.get(viewer, id)), false);
        }
        // a voter's own view (hasVoted) and an official's must not be shared by caches
        return caching.ok(request, PollResponse.from(service.get(viewer, id)), true);
    }

    @PATCH
    @Path("/polls/{pollId}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Change a poll's fields or status", description = "Role editor or admin of the tenant. "
            + "A poll opens only while its consultation is open. Fields not sent, or sent unchanged, stay as they are; "
            + "a request that changes nothing writes nothing.")
    @APIResponse(responseCode = "200", description = "The changed poll",
            content = @Content(schema = @Schema(implementation = PollResponse.class)))
    @APIResponse(responseCode = "409", description = "Not a legal change in the poll's state, such as opening it while "
            + "its consultation is not open")
    public PollResponse update(@PathParam("tenant") String tenant, @PathParam("pollId") String pollId,
            @Valid @NotNull PollRequests.Update request) {
        UUID id = Ids.parse("pollId", pollId);
        PollResponse updated = PollResponse.from(service.update(viewers.of(tenant), id, request));
        snapshots.changed(tenant, id);
        return updated;
    }

    @POST
    @Path("/polls/{pollId}/votes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Vote", description = "An open poll takes the Voter-Token header, a code poll a code in the "
            + "body. One vote per token or code: a second one is a 409. Each network (an IPv4 address, an IPv6 /64) "
            + "has an allowance of votes: past its free part a vote needs a solved proof-of-work (403 of type "
            + "proof-of-work-required naming the challengeUrl; send the solution in the Altcha header), past that a "
            + "429; and at most a set number of ballots per poll per network per day, however many voter tokens.")
    @APIResponse(responseCode = "201", description = "The vote is counted",
            content = @Content(schema = @Schema(implementation = VoteResponse.class)))
    @APIResponse(responseCode = "403", description = "The voting code is not valid for this poll, a proof-of-work "
            + "is required (type proof-of-work-required, with challengeUrl), or the consultation is for a panel "
            + "(type panel-only)")
    @APIResponse(responseCode = "409", description = "Already voted, code already used, or the poll (or its "
            + "consultation) takes no votes now")
    @APIResponse(responseCode = "429", description = "Too many votes from this network, or its ballots in this poll "
            + "for today; see Retry-After",
            headers = @Header(name = "Retry-After", description = "Seconds to wait",
                    schema = @Schema(type = SchemaType.INTEGER)))
    public Response vote(@PathParam("tenant") String tenant, @PathParam("pollId") String pollId,
            @HeaderParam(VoterTokens.HEADER) @Parameter(description = "An anonymous voter token (open polls)")
            String voterToken,
            @HeaderParam(ProofOfWork.HEADER) @Parameter(description = "Solved ALTCHA challenge, base64 (when asked)")
            String altcha, @Valid @NotNull PollRequests.Vote request, @Context HttpServerRequest http) {
        UUID id = Ids.parse("pollId", pollId);
        BallotAllowance.Network network = anonymousWrites.admitBallot(tenant, http, altcha);
        PollService.Cast cast = service.vote(viewers.of(tenant, voterToken), id, request, network);
        snapshots.voted(tenant, id);
        return Response.status(Response.Status.CREATED).entity(new VoteResponse(cast.pollId(), cast.optionIds(),
                cast.castAt(), PollResponse.from(cast.poll()))).build();
    }

    @POST
    @Path("/polls/{pollId}/voting-codes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Generate single-use voting codes for a code poll",
            description = "Role editor or admin. The codes are shown only in this response (JSON, or CSV for a mail "
                    + "merge with Accept: text/csv); Samen keeps only their hashes.")
    @APIResponse(responseCode = "201", description = "The new codes",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = VotingCodesResponse.class)),
                    @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "409", description = "Not a code poll, or closed")
    public Response generateCodes(@PathParam("tenant") String tenant, @PathParam("pollId") String pollId,
            @Valid @NotNull PollRequests.GenerateCodes request, @Context HttpHeaders headers) {
        UUID id = Ids.parse("pollId", pollId);
        List<String> codes = service.generateCodes(viewers.of(tenant), id, request.count());
        if (Csv.wanted(headers)) {
            return Response.status(Response.Status.CREATED).type("text/csv; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"voting-codes-" + id + ".csv\"")
                    .entity(toCsv(id, codes)).build();
        }
        return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new VotingCodesResponse(id, codes.size(), codes)).build();
    }

    @GET
    @Path("/polls/{pollId}/breakdown")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Votes per option by age band and area", description = "Role editor or admin. Groups of "
            + "fewer than 5 votes are suppressed. integrity says how many ballots came from networks that cast more "
            + "than half the per-network daily allowance in this poll (no network is shown).")
    @APIResponse(responseCode = "200", description = "The breakdown",
            content = @Content(schema = @Schema(implementation = PollBreakdown.class)))
    public PollBreakdown breakdown(@PathParam("tenant") String tenant, @PathParam("pollId") String pollId) {
        UUID id = Ids.parse("pollId", pollId);
        return service.breakdown(viewers.of(tenant), id).withIntegrity(ballotAllowance.integrity(id));
    }

    private static String toCsv(UUID pollId, List<String> codes) {
        Csv.Table csv = new Csv.Table("poll_id", "code");
        for (String code : codes) {
            csv.row(pollId, code);
        }
        return csv.toString();
    }

    /** Codes shown once. */
    @Schema(name = "VotingCodes")
    public record VotingCodesResponse(UUID pollId, int count, List<String> codes) {
    }

    /** The list shape, named for the contract. */
    @Schema(name = "PollPage")
    record PollPage(List<PollResponse> items, @Schema(nullable = true) String next) {
    }
}
