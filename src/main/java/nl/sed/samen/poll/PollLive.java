package nl.sed.samen.poll;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import nl.sed.samen.common.Clock;
import nl.sed.samen.live.LiveEvent;
import nl.sed.samen.live.LiveHub;
import nl.sed.samen.live.LiveStream;

/**
 * A poll's live results: every event carries the poll exactly as its GET shows it to that watcher (the same rule,
 * {@link PollService#view}), so an after-close poll streams only status changes until it closes, and an after-vote
 * poll shows counts to a watcher whose voter token has voted (also when that vote went through another instance).
 * When the poll closes each stream gets a last {@code closed} event and ends.
 */
@ApplicationScoped
public class PollLive {

    static final String RESULTS = "results";
    static final String CLOSED = "closed";
    static final String GONE = "gone";

    /** Who watches: an official of the tenant, or a resident with or without a voter token. */
    static final class Viewer {
        final boolean official;
        final String ballotKey;
        volatile Boolean hasVoted;

        Viewer(boolean official, String ballotKey, Boolean hasVoted) {
            this.official = official;
            this.ballotKey = ballotKey;
            this.hasVoted = hasVoted;
        }
    }

    private record ViewKey(boolean official, Boolean hasVoted) {
    }

    private final PollService service;
    private final LiveHub hub;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final LiveEvent gone;

    public PollLive(PollService service, LiveHub hub, ObjectMapper mapper, Clock clock) {
        this.service = service;
        this.hub = hub;
        this.mapper = mapper;
        this.clock = clock;
        this.gone = LiveEvent.of(GONE, "{\"detail\":\"This poll is no longer public.\"}");
    }

    /**
     * Opens a stream with the poll as {@code first} shows it (read through the GET's own code); a closed poll gets its
     * final state and the stream ends at once.
     */
    void open(LiveHub.Admission admission, String tenant, UUID pollId, boolean official, String ballotKey,
            PollResponse first, HttpServerResponse response, SseEventSink sink) {
        if (first.status() == PollStatus.CLOSED) {
            hub.openAndEnd(admission, response, sink, event(CLOSED, first));
            return;
        }
        Viewer viewer = new Viewer(official, ballotKey, first.hasVoted());
        hub.open(admission, "poll:" + pollId, key -> new Topic(tenant, pollId), response, sink, viewer,
                event(RESULTS, first), null);
    }

    private LiveEvent event(String name, PollResponse poll) {
        try {
            return LiveEvent.of(name, mapper.writeValueAsString(poll));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One poll's watchers on this instance. */
    private final class Topic extends LiveHub.Topic {

        private final String tenant;
        private final UUID pollId;

        Topic(String tenant, UUID pollId) {
            this.tenant = tenant;
            this.pollId = pollId;
        }

        @Override
        protected void refresh(Instant now, Set<LiveStream> streams) {
            List<String> waiting = new ArrayList<>();
            for (LiveStream stream : streams) {
                Viewer viewer = (Viewer) stream.viewer();
                if (Boolean.FALSE.equals(viewer.hasVoted)) {
                    waiting.add(viewer.ballotKey);
                }
            }
            Optional<PollService.LiveRead> read = service.live(tenant, pollId, waiting);
            if (read.isEmpty()) {
                LiveHub.Delivery delivery = new LiveHub.Delivery();
                streams.forEach(stream -> delivery.add(stream, () -> stream.close(gone)));
                delivery.run();
                return;
            }
            Poll poll = read.get().poll();
            Instant at = read.get().now();
            boolean closed = poll.status(at) == PollStatus.CLOSED;
            changesAt(nextChange(poll, at));
            Map<ViewKey, LiveEvent> events = new HashMap<>();
            LiveHub.Delivery delivery = new LiveHub.Delivery();
            int written = 0;
            for (LiveStream stream : streams) {
                Viewer viewer = (Viewer) stream.viewer();
                if (Boolean.FALSE.equals(viewer.hasVoted) && read.get().votedNow().contains(viewer.ballotKey)) {
                    viewer.hasVoted = true;
                }
                if (!viewer.official && !poll.isPublic()) {
                    delivery.add(stream, () -> stream.close(gone));
                    continue;
                }
                LiveEvent event = events.computeIfAbsent(new ViewKey(viewer.official, viewer.hasVoted),
                        key -> event(closed ? CLOSED : RESULTS,
                                PollService.view(poll, read.get()::tally, key.official(), key.hasVoted(), at)));
                if (closed) {
                    delivery.add(stream, () -> stream.close(event));
                    written++;
                } else if (!event.id().equals(stream.lastId())) {
                    delivery.add(stream, () -> stream.send(event, null));
                    written++;
                }
            }
            delivery.run();
            hub.countEvents(written);
        }

        private Instant nextChange(Poll poll, Instant now) {
            Instant next = null;
            for (Instant change : new Instant[] {poll.opensAt(), poll.closesAt()}) {
                if (change != null && change.isAfter(now) && (next == null || change.isBefore(next))) {
                    next = change;
                }
            }
            return next;
        }
    }
}
