package nl.sed.samen.tenancy;

import jakarta.transaction.Transactional;
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

    public TenantResource(TenantRepository tenants, HttpCaching caching) {
        this.tenants = tenants;
        this.caching = caching;
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

    /** The list shape, named for the contract. */
    @Schema(name = "TenantPage")
    record TenantPage(List<TenantResponse> items, @Schema(nullable = true) String next) {
    }
}
