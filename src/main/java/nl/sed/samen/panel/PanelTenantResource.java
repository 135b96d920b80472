package nl.sed.samen.panel;

import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import nl.sed.samen.common.Ids;
import nl.sed.samen.common.PageRequest;
import nl.sed.samen.defence.AnonymousWrites;
import nl.sed.samen.defence.Limit;
import nl.sed.samen.defence.ProofOfWork;
import nl.sed.samen.participation.Scopes;
import nl.sed.samen.participation.Viewers;
import nl.sed.samen.security.Officials;
import nl.sed.samen.tenancy.Tenant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The panel under a municipality's path: residents join, confirm and leave; officials invite a panel. */
@Path("/tenants/{tenant}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Panel", description = "The SED youth panel (Jongerenpanel): panels, membership, invitations")
public class PanelTenantResource {

    private final PanelService panels;
    private final Membership membership;
    private final Invitations invitations;
    private final Viewers viewers;
    private final Scopes scopes;
    private final AnonymousWrites anonymousWrites;

    public PanelTenantResource(PanelService panels, Membership membership, Invitations invitations, Viewers viewers,
            Scopes scopes, AnonymousWrites anonymousWrites) {
        this.panels = panels;
        this.membership = membership;
        this.invitations = invitations;
        this.viewers = viewers;
        this.scopes = scopes;
        this.anonymousWrites = anonymousWrites;
    }

    @POST
    @Path("/consultations/{consultationId}/panel-invitations")
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Invite a panel to a consultation for a panel", description = "Role editor or admin. Every "
            + "active member without an invitation to this consultation gets one, by mail, with a single-use link. "
            + "Repeating it invites only members who joined since.")
    @APIResponse(responseCode = "201", description = "The round",
            content = @Content(schema = @Schema(implementation = PanelResource.InvitationRound.class)))
    @APIResponse(responseCode = "409", description = "The consultation is for everyone, or does not take input now")
    public Response invite(@PathParam("tenant") String tenant, @PathParam("consultationId") String consultationId,
            @Valid @NotNull PanelRequests.Invite request) {
        Invitations.Round round = invitations.invite(viewers.of(tenant), Ids.parse("consultationId", consultationId),
                request.panelId());
        return Response.status(Response.Status.CREATED).entity(new PanelResource.InvitationRound(round.panelId(),
                round.consultationId(), round.invited(), round.alreadyInvited())).build();
    }

    // --- residents

    @GET
    @Path("/panels")
    @Operation(summary = "The panels residents of this municipality may join", description = "Officials with a role "
            + "for the tenant also see closed panels.")
    @APIResponse(responseCode = "200", description = "One page of panels",
            content = @Content(schema = @Schema(implementation = PanelResource.PanelPage.class)))
    public PanelResource.PanelPage list(@PathParam("tenant") String tenant,
            @QueryParam("limit") @Parameter(description = "Page size, 1 to 100 (default 20)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100")) String limit,
            @QueryParam("cursor") @Parameter(description = "Opaque cursor from the previous page's next link")
            String cursor, @Context UriInfo uriInfo) {
        PageRequest page = PageRequest.of(limit, cursor);
        scopes.tenant(tenant);
        var result = panels.list(viewers.of(tenant), page).toPage(PanelResponse::from, uriInfo);
        return new PanelResource.PanelPage(result.items(), result.next());
    }

    @GET
    @Path("/panels/{panelId}")
    @Operation(summary = "A panel residents of this municipality may join")
    @APIResponse(responseCode = "200", description = "The panel",
            content = @Content(schema = @Schema(implementation = PanelResponse.class)))
    public PanelResponse panel(@PathParam("tenant") String tenant, @PathParam("panelId") String panelId) {
        scopes.tenant(tenant);
        return PanelResponse.from(panels.get(viewers.of(tenant), Ids.parse("panelId", panelId)));
    }

    @POST
    @Path("/panels/{panelId}/members")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Join a panel", description = "Anonymous, always with a solved proof-of-work (Altcha header): "
            + "it sends a mail. The answer is the same whether the address is new to the panel or known: a mail to "
            + "the address says what to do next (confirm; under 16, a parent or guardian confirms too).")
    @APIResponse(responseCode = "202", description = "Taken in; see your mailbox",
            content = @Content(schema = @Schema(implementation = PanelResource.JoinAnswer.class)))
    @APIResponse(responseCode = "403", description = "Proof-of-work required, invalid or reused")
    @APIResponse(responseCode = "409", description = "The panel takes no new members now")
    @APIResponse(responseCode = "429", description = "Too many sign-ups from this network; see Retry-After")
    public Response join(@PathParam("tenant") String tenant, @PathParam("panelId") String panelId,
            @HeaderParam(ProofOfWork.HEADER) @Parameter(description = "Solved ALTCHA challenge, base64") String altcha,
            @Valid @NotNull PanelRequests.Join request, @Context HttpServerRequest http) {
        UUID id = Ids.parse("panelId", panelId);
        Tenant found = scopes.tenant(tenant).tenant();
        anonymousWrites.admitWithProof(found, Limit.PANEL_JOINS, http, altcha);
        membership.join(found, id, request);
        return Response.accepted(new PanelResource.JoinAnswer(Membership.JOIN_ANSWER)).cacheControl(noStore())
                .build();
    }

    @POST
    @Path("/panel-memberships/confirmation")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Confirm a sign-up with the link from the confirmation mail", description = "The token is "
            + "the part after #bevestig= in the link. Active at once, or under 16 waiting for a parent or guardian.")
    @APIResponse(responseCode = "200", description = "Confirmed",
            content = @Content(schema = @Schema(implementation = PanelResource.MembershipAnswer.class)))
    @APIResponse(responseCode = "404", description = "The link is not valid (any more)")
    public PanelResource.MembershipAnswer confirm(@PathParam("tenant") String tenant,
            @Valid @NotNull PanelRequests.Token request) {
        scopes.tenant(tenant);
        return new PanelResource.MembershipAnswer(membership.confirm(tenant, request.token()));
    }

    @POST
    @Path("/panel-memberships/guardian-consent")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A parent or guardian consents, with the link from their mail", description = "The token is "
            + "the part after #toestemming= in the link.")
    @APIResponse(responseCode = "200", description = "The member is active",
            content = @Content(schema = @Schema(implementation = PanelResource.MembershipAnswer.class)))
    @APIResponse(responseCode = "404", description = "The link is not valid (any more)")
    public PanelResource.MembershipAnswer consent(@PathParam("tenant") String tenant,
            @Valid @NotNull PanelRequests.Token request) {
        scopes.tenant(tenant);
        return new PanelResource.MembershipAnswer(membership.consent(tenant, request.token()));
    }

    @POST
    @Path("/panel-memberships/leave")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Leave the panel, with the link from any panel mail", description = "The token is the part "
            + "after #afmelden= in the link. Everything of the member is erased at once; a second use is answered "
            + "alike.")
    @APIResponse(responseCode = "204", description = "Erased")
    @APIResponse(responseCode = "404", description = "Not a leave link Samen made")
    public Response leave(@PathParam("tenant") String tenant, @Valid @NotNull PanelRequests.Token request) {
        scopes.tenant(tenant);
        membership.leave(tenant, request.token());
        return Response.noContent().build();
    }

    @POST
    @Path("/panel-invitations/use")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Use a panel invitation", description = "The token is the part after #uitnodiging= in the "
            + "link; it works once. The answer's voterToken is a participation token for this one consultation: send "
            + "it as the Voter-Token header with votes and reactions. It is not stored, and nothing links what is "
            + "sent with it to the invitation or the member.")
    @APIResponse(responseCode = "201", description = "The participation token, shown once",
            content = @Content(schema = @Schema(implementation = PanelResource.Admission.class)))
    @APIResponse(responseCode = "404", description = "The link is not valid (any more)")
    @APIResponse(responseCode = "409", description = "Used already, or the consultation does not take input now")
    public Response use(@PathParam("tenant") String tenant, @Valid @NotNull PanelRequests.Token request) {
        scopes.tenant(tenant);
        Invitations.Admission admission = invitations.use(tenant, request.token());
        return Response.status(Response.Status.CREATED).cacheControl(noStore())
                .entity(new PanelResource.Admission(admission.consultationId(), admission.voterToken(),
                        admission.expiresAt()))
                .build();
    }

    private static CacheControl noStore() {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return noStore;
    }
}
