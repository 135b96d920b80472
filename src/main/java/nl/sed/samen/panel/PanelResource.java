package nl.sed.samen.panel;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import nl.sed.samen.common.Ids;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.security.Official;
import nl.sed.samen.security.Officials;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Panels as the officials who run them see them (they span municipalities, so their paths stand on their own). */
@Path("/panels")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Panel", description = "The SED youth panel (Jongerenpanel): panels, membership, invitations")
public class PanelResource {

    private final PanelService panels;
    private final PanelFigures figures;
    private final Officials officials;

    public PanelResource(PanelService panels, PanelFigures figures, Officials officials) {
        this.panels = panels;
        this.figures = figures;
        this.officials = officials;
    }

    // --- officials

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Create a panel", description = "Role editor or admin for every member municipality. Owner "
            + "sed for a panel across municipalities, or the one municipality's slug.")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = PanelResponse.class)))
    public Response create(@Valid @NotNull PanelRequests.Create request, @Context UriInfo uriInfo) {
        Panel panel = panels.create(official(), request);
        return Response.created(uriInfo.getBaseUriBuilder().path("panels").path(panel.id().toString()).build())
                .entity(PanelResponse.from(panel)).build();
    }

    @GET
    @Path("{panelId}")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "A panel, for the officials who run it")
    @APIResponse(responseCode = "200", description = "The panel",
            content = @Content(schema = @Schema(implementation = PanelResponse.class)))
    public PanelResponse get(@PathParam("panelId") String panelId) {
        return PanelResponse.from(panels.get(official(), Ids.parse("panelId", panelId)));
    }

    @PATCH
    @Path("{panelId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Change a panel", description = "Only the fields sent change; status open or closed (a "
            + "closed panel takes no sign-ups). Rights on every municipality before and after the change.")
    @APIResponse(responseCode = "200", description = "The panel as it is now",
            content = @Content(schema = @Schema(implementation = PanelResponse.class)))
    @APIResponse(responseCode = "409", description = "Changed by someone else a moment ago")
    public PanelResponse update(@PathParam("panelId") String panelId, @Valid @NotNull PanelRequests.Update request) {
        return PanelResponse.from(panels.update(official(), Ids.parse("panelId", panelId), request));
    }

    @GET
    @Path("{panelId}/figures")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "A panel's figures", description = "Active members per municipality and age band, and the "
            + "response per consultation; groups under 5 suppressed. No personal data.")
    @APIResponse(responseCode = "200", description = "The figures",
            content = @Content(schema = @Schema(implementation = PanelFigures.OfPanel.class)))
    public PanelFigures.OfPanel figures(@PathParam("panelId") String panelId) {
        return figures.of(panels.get(official(), Ids.parse("panelId", panelId)));
    }

    private Official official() {
        return officials.current().orElseThrow(() -> ProblemException.unauthorized("A valid bearer token is required."));
    }

    private static CacheControl noStore() {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return noStore;
    }

    @Schema(name = "PanelPage")
    public record PanelPage(List<PanelResponse> items, @Schema(nullable = true) String next) {
    }

    @Schema(name = "PanelJoinAnswer")
    public record JoinAnswer(String message) {
    }

    @Schema(name = "PanelMembership")
    public record MembershipAnswer(MemberStatus status) {
    }

    @Schema(name = "PanelInvitationRound")
    public record InvitationRound(UUID panelId, UUID consultationId, int invited, int alreadyInvited) {
    }

    @Schema(name = "PanelAdmission")
    public record Admission(UUID consultationId, String voterToken, Instant expiresAt) {
    }
}
