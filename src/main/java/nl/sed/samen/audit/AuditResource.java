package nl.sed.samen.audit;

import io.quarkus.panache.common.Parameters;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.sed.samen.common.Ids;
import nl.sed.samen.common.Keyset;
import nl.sed.samen.common.Page;
import nl.sed.samen.common.PageRequest;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.participation.Scopes;
import nl.sed.samen.participation.Viewers;
import nl.sed.samen.security.Role;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/tenants/{tenant}/audit-events")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit", description = "Every official write and moderation decision")
public class AuditResource {

    private final AuditLog log;
    private final Viewers viewers;
    private final Scopes scopes;

    public AuditResource(AuditLog log, Viewers viewers, Scopes scopes) {
        this.log = log;
        this.viewers = viewers;
        this.scopes = scopes;
    }

    @GET
    @Transactional(Transactional.TxType.SUPPORTS)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "The audit log, newest first", description = "Role admin of the tenant. Filter by action "
            + "(exact, or a prefix ending in *), entity type, entity id and actor (sub).")
    @APIResponse(responseCode = "200", description = "One page of audit events",
            content = @Content(schema = @Schema(implementation = AuditPage.class)))
    public AuditPage list(@PathParam("tenant") String tenant,
            @QueryParam("action") @Parameter(description = "e.g. poll.created, or reaction.moderated.*") String action,
            @QueryParam("entityType") @Parameter(description = "project, consultation, poll, reaction, tenant")
            String entityType,
            @QueryParam("entityId") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            String entityId,
            @QueryParam("actor") @Parameter(description = "The official's sub") String actor,
            @QueryParam("limit") @Parameter(description = "Page size, 1 to 100 (default 20)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100")) String limit,
            @QueryParam("cursor") @Parameter(description = "Opaque cursor from the previous page's next link") String cursor,
            @Context UriInfo uriInfo) {
        viewers.of(tenant).requireRole(Role.ADMIN);
        scopes.tenant(tenant);
        PageRequest page = PageRequest.of(limit, cursor);
        StringBuilder where = new StringBuilder("tenant = :tenant");
        Parameters parameters = Parameters.with("tenant", tenant);
        if (action != null) {
            if (action.length() > 100) {
                throw ProblemException.invalidField("action", "at most 100 characters");
            }
            if (action.endsWith("*")) {
                where.append(" and action like :action");
                parameters.and("action", action.substring(0, action.length() - 1).replace("%", "\\%") + "%");
            } else {
                where.append(" and action = :action");
                parameters.and("action", action);
            }
        }
        if (entityType != null) {
            where.append(" and entityType = :entityType");
            parameters.and("entityType", entityType);
        }
        if (entityId != null) {
            UUID id = Ids.parse("entityId", entityId);
            where.append(" and entityId = :entityId");
            parameters.and("entityId", id);
        }
        if (actor != null) {
            where.append(" and actor = :actor");
            parameters.and("actor", actor);
        }
        List<AuditEvent> rows = Keyset.newestFirst(log, where.toString(), parameters, "occurredAt", page);
        Page<Entry> result = page.slice(rows, e -> new PageRequest.Position(e.occurredAt(), e.id()))
                .toPage(Entry::of, uriInfo);
        return new AuditPage(result.items(), result.next());
    }

    @Schema(name = "AuditEvent")
    public record Entry(UUID id, String tenant, @Schema(description = "The official's sub") String actor,
            String action, String entityType, @Schema(nullable = true) UUID entityId,
            @Schema(nullable = true) Map<String, Object> before, @Schema(nullable = true) Map<String, Object> after,
            Instant occurredAt) {

        static Entry of(AuditEvent e) {
            return new Entry(e.id(), e.tenant(), e.actor(), e.action(), e.entityType(), e.entityId(), e.before(),
                    e.after(), e.occurredAt());
        }
    }

    @Schema(name = "AuditPage")
    public record AuditPage(List<Entry> items, @Schema(nullable = true) String next) {
    }
}
