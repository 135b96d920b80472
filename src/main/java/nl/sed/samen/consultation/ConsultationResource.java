package nl.sed.samen.consultation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.HttpCaching;
import nl.sed.samen.common.Ids;
import nl.sed.samen.common.PageRequest;
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
@Tag(name = "Consultations", description = "Moments of input within a project (raadplegingen)")
public class ConsultationResource {

    private final ConsultationService service;
    private final Viewers viewers;
    private final HttpCaching caching;
    private final Clock clock;

    public ConsultationResource(ConsultationService service, Viewers viewers, HttpCaching caching, Clock clock) {
        this.service = service;
        this.viewers = viewers;
        this.caching = caching;
        this.clock = clock;
    }

    @GET
    @Path("/projects/{projectId}/consultations")
    @Operation(summary = "List the consultations of a project, newest first",
            description = "The public sees all but drafts, of a published or archived project (a draft project is a "
                    + "404); an official with a role for the tenant also sees drafts.")
    @APIResponse(responseCode = "200", description = "One page of consultations",
            headers = {@Header(name = "ETag", ref = "ETag"), @Header(name = "Cache-Control", ref = "Cache-Control")},
            content = @Content(schema = @Schema(implementation = ConsultationPage.class)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag sent in If-None-Match")
    public Response list(@PathParam("tenant") String tenant, @PathParam("projectId") String projectId,
            @QueryParam("limit") @Parameter(description = "Page size, 1 to 100 (default 20)", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100")) String limit,
            @QueryParam("cursor") @Parameter(description = "Opaque cursor from the previous page's next link") String cursor,
            @Context UriInfo uriInfo, @Context Request request) {
        PageRequest page = PageRequest.of(limit, cursor);
        Viewer viewer = viewers.of(tenant);
        Instant now = clock.now();
        return caching.ok(request, service.list(viewer, Ids.parse("projectId", projectId), page)
                .toPage(c -> ConsultationResponse.from(c, now), uriInfo), viewer.isOfficial());
    }

    @POST
    @Path("/projects/{projectId}/consultations")
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Create a consultation (as a draft)", description = "Role editor or admin of the tenant.")
    @APIResponse(responseCode = "201", description = "Created",
            headers = @Header(name = "Location", description = "URL of the new consultation",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = ConsultationResponse.class)))
    public Response create(@PathParam("tenant") String tenant, @PathParam("projectId") String projectId,
            @Valid @NotNull ConsultationRequests.Create request, @Context UriInfo uriInfo) {
        ConsultationResponse created = ConsultationResponse.from(
                service.create(viewers.of(tenant), Ids.parse("projectId", projectId), request), clock.now());
        return Response.created(uriInfo.getBaseUriBuilder().path("tenants").path(tenant).path("consultations")
                .path(created.id().toString()).build()).entity(created).build();
    }

    @GET
    @Path("/consultations/{consultationId}")
    @Operation(summary = "One consultation with its manifest fields",
            description = "Drafts, and consultations of a draft project, are visible only to officials with a role "
                    + "for the tenant.")
    @APIResponse(responseCode = "200", description = "The consultation",
            headers = {@Header(name = "ETag", ref = "ETag"), @Header(name = "Cache-Control", ref = "Cache-Control")},
            content = @Content(schema = @Schema(implementation = ConsultationResponse.class)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag sent in If-None-Match")
    public Response get(@PathParam("tenant") String tenant, @PathParam("consultationId") String consultationId,
            @Context Request request) {
        Viewer viewer = viewers.of(tenant);
        return caching.ok(request, ConsultationResponse.from(
                service.get(viewer, Ids.parse("consultationId", consultationId)), clock.now()), viewer.isOfficial());
    }

    @PATCH
    @Path("/consultations/{consultationId}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Change a consultation's fields or status", description = "Role editor or admin of the "
            + "tenant. Opening needs participationLevel, openForInput, fixed, decisionMaker and feedbackDueDate.")
    @APIResponse(responseCode = "200", description = "The changed consultation",
            content = @Content(schema = @Schema(implementation = ConsultationResponse.class)))
    @APIResponse(responseCode = "409", description = "Not a legal status change (such as opening without the "
            + "manifest fields), or changed concurrently")
    public ConsultationResponse update(@PathParam("tenant") String tenant,
            @PathParam("consultationId") String consultationId, @Valid @NotNull ConsultationRequests.Update request) {
        return ConsultationResponse.from(
                service.update(viewers.of(tenant), Ids.parse("consultationId", consultationId), request), clock.now());
    }

    /** The list shape, named for the contract. */
    @Schema(name = "ConsultationPage")
    record ConsultationPage(List<ConsultationResponse> items, @Schema(nullable = true) String next) {
    }
}
