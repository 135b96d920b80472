package nl.sed.samen.poll;

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
import java.util.UUID;
import nl.sed.samen.common.Ids;
import nl.sed.samen.live.LiveHub;
import nl.sed.samen.participation.Viewer;
import nl.sed.samen.participation.Viewers;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/tenants/{tenant}")
@Tag(name = "Polls")
public class PollLiveResource {

    private final PollService service;
    private final PollLive live;
    private final LiveHub hub;
    private final Viewers viewers;

    public PollLiveResource(PollService service, PollLive live, LiveHub hub, Viewers viewers) {
        this.service = service;
        this.live = live;
        this.hub = hub;
        this.viewers = viewers;
    }

    @GET
    @Path("/polls/{pollId}/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live results of a poll (Server-Sent Events)", description = """
            A text/event-stream. It begins with `retry:` and at once an event with the poll's current state, then \
            sends one whenever what this caller may see changes, at most a few per second, and a comment line as a \
            heartbeat every 20 seconds. Events: `results` (data: the poll exactly as GET /polls/{pollId} shows it to \
            this caller), `closed` (the final state; the stream then ends), `gone` (the poll is no longer public; \
            the stream ends). Every event has an `id:`, a digest of its content, the same on every instance; on \
            reconnect send it as Last-Event-ID and the stream again begins with the current state. Results follow \
            resultsVisibility exactly as the GET: after-close streams only status changes until it closes; \
            after-vote needs the Voter-Token header (use fetch streaming: EventSource cannot set headers; never put a \
            token in the URL). Officials of the tenant always see results. Per network and per instance the number of \
            open streams is limited (429 and 503, with Retry-After).""")
    @APIResponse(responseCode = "200", description = "The event stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    schema = @Schema(type = SchemaType.STRING, description = "Server-Sent Events whose data is a Poll")))
    @APIResponse(responseCode = "429", description = "Too many live streams from this network; see Retry-After",
            headers = @Header(name = "Retry-After", description = "Seconds to wait",
                    schema = @Schema(type = SchemaType.INTEGER)))
    @APIResponse(responseCode = "503", description = "This instance holds as many streams as it may; see Retry-After",
            headers = @Header(name = "Retry-After", description = "Seconds to wait",
                    schema = @Schema(type = SchemaType.INTEGER)))
    public void live(@PathParam("tenant") String tenant, @PathParam("pollId") String pollId,
            @HeaderParam(VoterTokens.HEADER) @Parameter(description = "An anonymous voter token (optional)")
            String voterToken,
            @HeaderParam("Last-Event-ID") @Parameter(description = "The id of the last event received (on reconnect)")
            String lastEventId,
            @Context HttpServerRequest request, @Context HttpServerResponse response, @Context SseEventSink sink) {
        UUID id = Ids.parse("pollId", pollId);
        Viewer viewer = viewers.of(tenant, voterToken);
        hub.open(request, admission -> live.open(admission, viewer, service.get(viewer, id), response, sink));
    }
}
