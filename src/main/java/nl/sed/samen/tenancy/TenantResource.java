package nl.sed.samen.tenancy;

import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
import nl.sed.samen.audit.AuditLog;
import nl.sed.samen.common.Clock;
import nl.sed.samen.security.Official;
import nl.sed.samen.participation.Viewers;
import nl.sed.samen.security.Role;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.util.List;
import nl.sed.samen.common.HttpCaching;
import nl.sed.samen.common.Page;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tenants", description = "The municipalities served by Samen")
public class TenantResource {

    private final TenantRepository tenants;
    private final HttpCaching caching;
    private final Viewers viewers;
    private final TenantOrigins origins;
    private final AuditLog audit;
    private final Clock clock;

    public TenantResource(TenantRepository tenants, HttpCaching caching, Viewers viewers, TenantOrigins origins,
            AuditLog audit, Clock clock) {
        this.tenants = tenants;
        this.caching = caching;
        this.viewers = viewers;
        this.origins = origins;
        this.audit = audit;
        this.clock = clock;
    }

    @GET
    @Transactional(Transactional.TxType.SUPPORTS)
    @Operation(summary = "List the tenants and their public settings")
    @APIResponse(responseCode = "200", description = "All tenants",
            headers = {@Header(name = "ETag", ref = "ETag"), @Header(name = "Cache-Control", ref = "Cache-Control")},
            content = @Content(schema = @Schema(implementation = TenantPage.class)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag sent in If-None-Match")
    public Response list(@Context Request request) {
        List<TenantResponse> items = tenants.listInOrder().stream().map(TenantResponse::from).toList();
        return caching.ok(request, new Page<>(items, null), false);
    }

    @GET
    @Path("/{tenant}")
    @Transactional(Transactional.TxType.SUPPORTS)
    @Operation(summary = "One tenant and its public settings")
    @APIResponse(responseCode = "200", description = "The tenant",
            headers = {@Header(name = "ETag", ref = "ETag"), @Header(name = "Cache-Control", ref = "Cache-Control")},
            content = @Content(schema = @Schema(implementation = TenantResponse.class)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag sent in If-None-Match")
    public Response get(@PathParam("tenant") String tenant, @Context Request request) {
        return caching.ok(request, TenantResponse.from(tenants.require(tenant)), false);
    }

    @PATCH
    @Path("/{tenant}")
    @Transactional
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Change a tenant's settings", description = "Role admin of the tenant: allowed web origins, "
            + "default moderation mode, proof-of-work, flag threshold, hiding flagged reactions, e-mail retention.")
    @APIResponse(responseCode = "200", description = "The tenant with its new settings",
            content = @Content(schema = @Schema(implementation = TenantResponse.class)))
    public TenantResponse configure(@PathParam("tenant") String slug, @Valid @NotNull TenantSettings settings) {
        Official official = viewers.of(slug).requireRole(Role.ADMIN);
        Tenant tenant = tenants.require(slug);
        TenantResponse before = TenantResponse.from(tenant);
        if (!tenant.configure(settings.settings(), clock.now())) {
            return before; // nothing changed: nothing written, nothing recorded
        }
        tenants.flush();
        TenantResponse after = TenantResponse.from(tenant);
        audit.record(slug, official, "tenant.settings-changed", "tenant", null, before, after);
        origins.refresh();
        return after;
    }

    /** The list shape, named for the contract. */
    @Schema(name = "TenantPage")
    record TenantPage(List<TenantResponse> items, @Schema(nullable = true) String next) {
    }
}
