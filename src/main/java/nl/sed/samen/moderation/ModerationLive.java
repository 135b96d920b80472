package nl.sed.samen.moderation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.sed.samen.live.LiveEvent;
import nl.sed.samen.live.LiveHub;
import nl.sed.samen.live.LiveSettings;
import nl.sed.samen.live.LiveStream;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The live moderation desk of a tenant: an event whenever its pending or flagged queue changes, with the exact counts
 * and the ids that entered and left. The first event lists every id (of the oldest {@code samen.live.moderation-ids}
 * in each queue) as entered and says {@code snapshot: true}; a desk that applies entered and left to that set holds
 * the queue without polling.
 */
@ApplicationScoped
public class ModerationLive {

    static final String EVENT = "queues";

    /** One queue's change. */
    @Schema(name = "ModerationQueueChange")
    public record QueueChange(long count, List<UUID> entered, List<UUID> left) {
    }

    /** The event's data. */
    @Schema(name = "ModerationQueuesEvent")
    public record QueuesEvent(@Schema(description = "True for the first event: entered lists the whole queue")
            boolean snapshot, QueueChange pending, QueueChange flagged) {
    }

    private final ModerationQueues queues;
    private final LiveHub hub;
    private final LiveSettings settings;
    private final ObjectMapper mapper;

    public ModerationLive(ModerationQueues queues, LiveHub hub, LiveSettings settings, ObjectMapper mapper) {
        this.queues = queues;
        this.hub = hub;
        this.settings = settings;
        this.mapper = mapper;
    }

    void open(LiveHub.Admission admission, String tenant, HttpServerResponse response, SseEventSink sink) {
        ModerationQueues.Snapshot now = queues.read(tenant, settings.moderationIds());
        hub.open(admission, "moderation:" + tenant, key -> new Topic(tenant), response, sink, tenant,
                event(null, now), now);
    }

    private LiveEvent event(ModerationQueues.Snapshot before, ModerationQueues.Snapshot after) {
        QueuesEvent data = new QueuesEvent(before == null,
                change(before == null ? null : before.pending(), after.pending()),
                change(before == null ? null : before.flagged(), after.flagged()));
        try {
            return LiveEvent.of(EVENT, mapper.writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static QueueChange change(ModerationQueues.Queue before, ModerationQueues.Queue after) {
        Set<UUID> was = before == null ? Set.of() : new HashSet<>(before.ids());
        Set<UUID> is = new HashSet<>(after.ids());
        List<UUID> entered = after.ids().stream().filter(id -> !was.contains(id)).toList();
        List<UUID> left = before == null ? List.of() : before.ids().stream().filter(id -> !is.contains(id)).toList();
        return new QueueChange(after.count(), entered, left);
    }

    /** One tenant's desks on this instance; each stream is sent the change from what it last saw. */
    private final class Topic extends LiveHub.Topic {

        private final String tenant;

        Topic(String tenant) {
            this.tenant = tenant;
        }

        @Override
        protected void refresh(Instant now, Set<LiveStream> streams) {
            ModerationQueues.Snapshot current = queues.read(tenant, settings.moderationIds());
            // streams mostly share what they last saw; one event per distinct earlier state
            Map<Object, LiveEvent> events = new IdentityHashMap<>();
            List<LiveStream> behind = new ArrayList<>();
            for (LiveStream stream : streams) {
                Object known = stream.known();
                if (!current.equals(known)) {
                    behind.add(stream);
                }
            }
            LiveHub.Delivery delivery = new LiveHub.Delivery();
            for (LiveStream stream : behind) {
                ModerationQueues.Snapshot known = (ModerationQueues.Snapshot) stream.known();
                LiveEvent event = events.computeIfAbsent(known, k -> event(known, current));
                delivery.add(stream, () -> stream.send(event, current));
            }
            delivery.run();
            hub.countEvents(behind.size());
        }
    }
}
