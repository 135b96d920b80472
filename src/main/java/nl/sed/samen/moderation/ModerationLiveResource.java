package nl.sed.samen.moderation;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.SseEventSink;
import nl.sed.samen.live.LiveHub;
import nl.sed.samen.participation.Scopes;
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
@Tag(name = "Moderation")
public class ModerationLiveResource {

    private final ModerationLive live;
    private final LiveHub hub;
    private final Viewers viewers;
    private final Scopes scopes;

    public ModerationLiveResource(ModerationLive live, LiveHub hub, Viewers viewers, Scopes scopes) {
        this.live = live;
        this.hub = hub;
        this.viewers = viewers;
        this.scopes = scopes;
    }

    @GET
    @Path("/moderation/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "The moderation queues, live (Server-Sent Events)", description = """
            Role moderator or admin. A text/event-stream of `queues` events (data: ModerationQueuesEvent): the first \
            at once, with snapshot true and every id of the pending and flagged queues as entered (the oldest 500 of \
            each; counts are exact), then one whenever either queue changes, with the counts and the ids that \
            entered and left. `retry:` is set, a comment line is a heartbeat every 20 seconds, every event has an \
            `id:`; on reconnect (Last-Event-ID) the stream again begins with a snapshot.""")
    @APIResponse(responseCode = "200", description = "The event stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING,
                    description = "Server-Sent Events whose data is a ModerationQueuesEvent")))
    @APIResponse(responseCode = "429", description = "Too many live streams from this network; see Retry-After",
            headers = @Header(name = "Retry-After", description = "Seconds to wait",
                    schema = @Schema(type = SchemaType.INTEGER)))
    @APIResponse(responseCode = "503", description = "This instance holds as many streams as it may; see Retry-After",
            headers = @Header(name = "Retry-After", description = "Seconds to wait",
                    schema = @Schema(type = SchemaType.INTEGER)))
    public void live(@PathParam("tenant") String tenant,
            @HeaderParam("Last-Event-ID") @Parameter(description = "The id of the last event received (on reconnect)")
            String lastEventId,
            @Context HttpServerRequest request, @Context HttpServerResponse response, @Context SseEventSink sink) {
        viewers.of(tenant).requireRole(Role.MODERATOR);
        scopes.tenant(tenant); // an unknown tenant is a 404, also for a token for all tenants
        hub.open(request, admission -> live.open(admission, tenant, response, sink));
    }
}
