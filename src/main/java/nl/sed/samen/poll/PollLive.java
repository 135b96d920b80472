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
import nl.sed.samen.consultation.Consultation;
import nl.sed.samen.live.LiveEvent;
import nl.sed.samen.live.LiveHub;
import nl.sed.samen.live.LiveStream;
import nl.sed.samen.participation.ParticipationScope;
import nl.sed.samen.participation.Viewer;

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

    /** Who watches (the request's {@link Viewer}), and whether their voter token has voted here by now. */
    static final class Watcher {
        final Viewer viewer;
        final String ballotKey;
        volatile Boolean hasVoted;

        Watcher(Viewer viewer, Boolean hasVoted) {
            this.viewer = viewer;
            this.ballotKey = viewer.voter() == null ? null : viewer.voter().ballotKey();
            this.hasVoted = hasVoted;
        }
    }

    /** What the rules tell viewers apart by: official or not (Visibility), and whether the token has voted. */
    private record ViewKey(boolean official, Boolean hasVoted) {
    }

    private final PollService service;
    private final LiveHub hub;
    private final ObjectMapper mapper;
    private final LiveEvent gone;

    public PollLive(PollService service, LiveHub hub, ObjectMapper mapper) {
        this.service = service;
        this.hub = hub;
        this.mapper = mapper;
        this.gone = LiveEvent.of(GONE, "{\"detail\":\"This poll is no longer public.\"}");
    }

    /**
     * Opens a stream with the poll as {@code first} shows it (read through the GET's own code); a closed poll gets its
     * final state and the stream ends at once.
     */
    void open(LiveHub.Admission admission, Viewer viewer, PollView first, HttpServerResponse response,
            SseEventSink sink) {
        PollResponse shown = PollResponse.from(first);
        if (shown.status() == PollStatus.CLOSED) {
            hub.openAndEnd(admission, response, sink, event(CLOSED, shown));
            return;
        }
        UUID pollId = first.poll().id();
        hub.open(admission, "poll:" + pollId, key -> new Topic(viewer.tenant(), pollId), response, sink,
                new Watcher(viewer, first.hasVoted()), event(RESULTS, shown), null);
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
                Watcher watcher = (Watcher) stream.viewer();
                if (Boolean.FALSE.equals(watcher.hasVoted)) {
                    waiting.add(watcher.ballotKey);
                }
            }
            Optional<PollService.LiveRead> read = service.live(tenant, pollId, waiting);
            if (read.isEmpty()) {
                LiveHub.Delivery delivery = new LiveHub.Delivery();
                streams.forEach(stream -> delivery.add(stream, () -> stream.close(gone)));
                delivery.run();
                return;
            }
            ParticipationScope scope = read.get().scope();
            Instant at = read.get().now();
            boolean closed = scope.poll().status(at) == PollStatus.CLOSED;
            changesAt(nextChange(scope, at));
            Map<ViewKey, LiveEvent> events = new HashMap<>();
            Map<Boolean, Boolean> visible = new HashMap<>();
            LiveHub.Delivery delivery = new LiveHub.Delivery();
            int written = 0;
            for (LiveStream stream : streams) {
                Watcher watcher = (Watcher) stream.viewer();
                if (Boolean.FALSE.equals(watcher.hasVoted) && read.get().votedNow().contains(watcher.ballotKey)) {
                    watcher.hasVoted = true;
                }
                boolean official = watcher.viewer.isOfficial();
                if (!visible.computeIfAbsent(official, k -> scope.visibleTo(watcher.viewer))) {
                    delivery.add(stream, () -> stream.close(gone));
                    continue;
                }
                LiveEvent event = events.computeIfAbsent(new ViewKey(official, watcher.hasVoted),
                        key -> event(closed ? CLOSED : RESULTS, PollResponse.from(
                                PollService.view(scope, watcher.viewer, key.hasVoted(), read.get()::tally, at))));
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

        /** The next opening or closing time of the poll or its consultation: the view changes then without a write. */
        private Instant nextChange(ParticipationScope scope, Instant now) {
            Instant next = null;
            Consultation consultation = scope.consultation();
            for (Instant change : new Instant[] {scope.poll().opensAt(), scope.poll().closesAt(),
                    consultation == null ? null : consultation.opensAt(),
                    consultation == null ? null : consultation.closesAt()}) {
                if (change != null && change.isAfter(now) && (next == null || change.isBefore(next))) {
                    next = change;
                }
            }
            return next;
        }
    }
}
