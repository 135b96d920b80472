package nl.sed.samen.project;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
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

@Path("/tenants/{tenant}/projects")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Projects", description = "Policy trajectories under which consultations are held")
public class ProjectResource {

    private final ProjectService service;
    private final Viewers viewers;
    private final HttpCaching caching;

    public ProjectResource(ProjectService service, Viewers viewers, HttpCaching caching) {
        this.service = service;
        this.viewers = viewers;
        this.caching = caching;
    }

    @GET
    @Operation(summary = "List projects, newest first",
            description = "The public sees published and archived projects; an official of the tenant also sees drafts.")
    @APIResponse(responseCode = "200", description = "One page of projects",
            headers = {@Header(name = "ETag", ref = "ETag"), @Header(name = "Cache-Control", ref = "Cache-Control")},
            content = @Content(schema = @Schema(implementation = ProjectPage.class)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag sent in If-None-Match")
    public Response list(@PathParam("tenant") String tenant,
            @QueryParam("limit") @Parameter(description = "Page size, 1 to 100 (default 20)", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100")) String limit,
            @QueryParam("cursor") @Parameter(description = "Opaque cursor from the previous page's next link") String cursor,
            @Context UriInfo uriInfo, @Context Request request) {
        PageRequest page = PageRequest.of(limit, cursor);
        Viewer viewer = viewers.of(tenant);
        return caching.ok(request, service.list(viewer, page).toPage(ProjectResponse::from, uriInfo),
                viewer.isOfficial());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Create a project (as a draft)", description = "Role editor or admin of the tenant.")
    @APIResponse(responseCode = "201", description = "Created",
            headers = @Header(name = "Location", description = "URL of the new project", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = ProjectResponse.class)))
    public Response create(@PathParam("tenant") String tenant, @Valid @NotNull ProjectRequests.Create request,
            @Context UriInfo uriInfo) {
        ProjectResponse created = ProjectResponse.from(service.create(viewers.of(tenant), request));
        return Response.created(uriInfo.getAbsolutePathBuilder().path(created.id().toString()).build())
                .entity(created).build();
    }

    @GET
    @Path("/{projectId}")
    @Operation(summary = "One project", description = "Drafts are visible only to officials of the tenant.")
    @APIResponse(responseCode = "200", description = "The project",
            headers = {@Header(name = "ETag", ref = "ETag"), @Header(name = "Cache-Control", ref = "Cache-Control")},
            content = @Content(schema = @Schema(implementation = ProjectResponse.class)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag sent in If-None-Match")
    public Response get(@PathParam("tenant") String tenant, @PathParam("projectId") String projectId,
            @Context Request request) {
        Viewer viewer = viewers.of(tenant);
        return caching.ok(request, ProjectResponse.from(service.get(viewer, Ids.parse("projectId", projectId))),
                viewer.isOfficial());
    }

    @PATCH
    @Path("/{projectId}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Change a project's fields or status", description = "Role editor or admin of the tenant. "
            + "Status moves draft → published → archived; other moves are a 409. Fields not sent, or sent unchanged, stay as "
            + "they are; a request that changes nothing (such as archiving an archived project) writes nothing.")
    @APIResponse(responseCode = "200", description = "The changed project",
            content = @Content(schema = @Schema(implementation = ProjectResponse.class)))
    @APIResponse(responseCode = "409", description = "Not a legal status change, or changed concurrently")
    public ProjectResponse update(@PathParam("tenant") String tenant, @PathParam("projectId") String projectId,
            @Valid @NotNull ProjectRequests.Update request) {
        return ProjectResponse.from(service.update(viewers.of(tenant), Ids.parse("projectId", projectId), request));
    }

    @PUT
    @Path("/{projectId}/participants")
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Set the municipalities taking part (a joint project)", description = "Role admin in every "
            + "municipality concerned (taking part before or after; or admin of all tenants). The lead (the project's "
            + "tenant) always takes part. A joint project, its consultations, polls and reactions are listed and read "
            + "under each participant's path with the same ids; a municipality leaves only while no reaction or "
            + "ballot came through its path (409). Written to the audit log of every municipality concerned.")
    @APIResponse(responseCode = "200", description = "The project with its participants",
            content = @Content(schema = @Schema(implementation = ProjectResponse.class)))
    @APIResponse(responseCode = "409", description = "The lead left out, input of a leaving municipality attached, "
            + "or changed concurrently")
    public ProjectResponse participants(@PathParam("tenant") String tenant, @PathParam("projectId") String projectId,
            @Valid @NotNull ProjectRequests.Participants request) {
        return ProjectResponse.from(service.shareWith(viewers.of(tenant), Ids.parse("projectId", projectId),
                request.tenants()));
    }

    /** The list shape, named for the contract. */
    @Schema(name = "ProjectPage")
    record ProjectPage(List<ProjectResponse> items, @Schema(nullable = true) String next) {
    }
}
