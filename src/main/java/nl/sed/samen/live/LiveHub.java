package nl.sed.samen.live;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.sse.SseEventSink;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.ProblemType;
import nl.sed.samen.security.ClientKeys;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Live streams of this instance, fed from PostgreSQL notifications. Watchers are grouped by topic (a poll, a tenant's
 * moderation queues); a notification only marks its topic changed, and once per tick each changed topic reads its state
 * once and writes it to all of its streams. So the database work follows the number of topics that changed, never the
 * number of watchers, and a burst of votes on one poll costs one read per tick per instance.
 *
 * <p>Bounded: at most {@code samen.live.max-streams} streams per instance (then 503) and
 * {@code samen.live.max-streams-per-client} per network (then 429), both with Retry-After. A socket that stops taking
 * events keeps only the newest one and is dropped after {@code samen.live.slow-client-limit}. On shutdown every stream
 * ends, so the instance stops within its shutdown timeout and the clients reconnect to another one.
 */
@ApplicationScoped
public class LiveHub {

    /** Something watched: its streams on this instance, and how to read its state once for all of them. */
    public abstract static class Topic {

        private final Set<LiveStream> streams = ConcurrentHashMap.newKeySet();
        private volatile boolean changed = true;
        private volatile Instant dueAt;

        /** Reads the state once and sends each stream what it should now see (streams skip what they have). */
        protected abstract void refresh(Instant now, Set<LiveStream> streams);

        /** A moment at which the state changes without a write (a poll's opening or closing time), or null. */
        protected void changesAt(Instant at) {
            dueAt = at;
        }

        void markChanged() {
            changed = true;
        }

        boolean needsRefresh(Instant now) {
            Instant due = dueAt;
            return changed || (due != null && !now.isBefore(due));
        }
    }

    /**
     * Writes to many streams, grouped by the event loop of each stream's connection: one task per loop instead of one
     * cross-thread hand-off per write (the ticker alone would otherwise queue thousands of tasks per tick).
     */
    public static final class Delivery {

        private final Map<Executor, List<Runnable>> perLoop = new HashMap<>();
        private final List<Runnable> here = new ArrayList<>();

        public void add(LiveStream stream, Runnable write) {
            Executor loop = stream.loop();
            if (loop == null) {
                here.add(write);
            } else {
                perLoop.computeIfAbsent(loop, k -> new ArrayList<>()).add(write);
            }
        }

        public void run() {
            perLoop.forEach((loop, writes) -> loop.execute(() -> writes.forEach(Delivery::quietly)));
            here.forEach(Delivery::quietly);
        }

        private static void quietly(Runnable write) {
            try {
                write.run();
            } catch (RuntimeException gone) {
                // a stream that ended meanwhile; the sweep frees it
            }
        }
    }

    /** A place reserved for a stream before its opening work starts; freed if the stream never opens. */
    public final class Admission {

        private final String client;
        private final AtomicBoolean freed = new AtomicBoolean();

        private Admission(String client) {
            this.client = client;
        }

        /** Frees the place (idempotent); a stream that opened frees it when it ends. */
        public void release() {
            if (freed.compareAndSet(false, true)) {
                total.decrementAndGet();
                perClient.computeIfPresent(client, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
            }
        }
    }

    private static final Logger LOG = Logger.getLogger(LiveHub.class);

    private final LiveSettings settings;
    private final ClientKeys clientKeys;
    private final Clock clock;
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final Set<String> pendingPolls = ConcurrentHashMap.newKeySet();
    private final AgroalDataSource dataSource;
    private long lastResync = System.nanoTime();
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, AtomicInteger> perClient = new ConcurrentHashMap<>();
    private final Buffer retry;
    private final Buffer heartbeat = LiveEvent.comment("heartbeat");
    private final Counter reads;
    private final Counter events;
    private final Timer refreshes;
    private final String url;
    private final String user;
    private final String password;
    private volatile boolean stopping;
    private volatile Notifications notifications;
    private ScheduledExecutorService ticker;
    private Thread shutdownHook;
    private long lastHeartbeat = System.nanoTime();
    private long lastFailureLog;

    public LiveHub(LiveSettings settings, ClientKeys clientKeys, Clock clock, MeterRegistry registry,
            AgroalDataSource dataSource,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String datasourceUrl,
            @ConfigProperty(name = "quarkus.datasource.username") java.util.Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") java.util.Optional<String> password) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.clientKeys = clientKeys;
        this.clock = clock;
        this.retry = Buffer.buffer("retry: " + settings.retry().toMillis() + "\n\n");
        this.url = settings.listenJdbcUrl().orElse(datasourceUrl);
        this.user = user.orElse(null);
        this.password = password.orElse(null);
        registry.gauge("samen.live.streams", total);
        this.reads = Counter.builder("samen.live.reads").description("State reads by live topics (one per changed topic per tick)")
                .register(registry);
        this.events = Counter.builder("samen.live.events").description("Events written to live streams")
                .register(registry);
        this.refreshes = Timer.builder("samen.live.refresh")
                .description("One topic's refresh on the ticker: its state read and its streams' writes handed out")
                .register(registry);
    }

    void start(@Observes StartupEvent ignored) {
        notifications = new Notifications(url, user, password, this::notified, this::resync);
        Thread listener = new Thread(notifications, "samen-live-listener");
        listener.setDaemon(true);
        listener.start();
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "samen-live-ticker");
            thread.setDaemon(true);
            return thread;
        });
        long tick = settings.tick().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        // Quarkus fires ShutdownEvent only after its graceful wait for open requests, which an open stream would make
        // last the whole quarkus.shutdown.timeout: on SIGTERM the streams end at once, beside Quarkus' own hook.
        shutdownHook = new Thread(this::stopStreams, "samen-live-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopStreams();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook); // a dev-mode restart must not keep the old one
        } catch (IllegalStateException alreadyShuttingDown) {
            // the JVM is exiting; the hook has run or runs now
        }
    }

    /** Ends every stream (a comment says why; clients reconnect after {@code retry}) and stops listening. */
    private synchronized void stopStreams() {
        if (stopping) {
            return;
        }
        stopping = true;
        if (notifications != null) {
            notifications.stop();
        }
        if (ticker != null) {
            ticker.shutdownNow();
        }
        LiveEvent goodbye = new LiveEvent("", "", LiveEvent.comment("this instance is stopping; reconnect"));
        for (Topic topic : topics.values()) {
            for (LiveStream stream : topic.streams) {
                stream.writeRaw(goodbye.bytes());
                stream.close(null);
            }
        }
        topics.clear();
    }

    /** Whether the instance hears notifications now (for tests and operators). */
    public boolean listening() {
        return notifications != null && notifications.listening();
    }

    /**
     * Opens a stream for this caller: a place is reserved ({@link #admit}), then {@code open} starts the stream on it;
     * if that fails (an unknown poll, a refused role), the place is given back before the failure is answered.
     */
    public void open(HttpServerRequest request, Consumer<Admission> open) {
        Admission admission = admit(request);
        try {
            open.accept(admission);
        } catch (RuntimeException e) {
            admission.release();
            throw e;
        }
    }

    /** Reserves a place for a stream of this caller, or refuses: 503 when the instance is full, 429 for the network. */
    private Admission admit(HttpServerRequest request) {
        String retryAfter = Long.toString(Math.max(1, settings.retryAfter().toSeconds()));
        if (stopping) {
            throw new ProblemException(ProblemType.UNAVAILABLE, "This instance is stopping; connect again.", null,
                    Map.of("Retry-After", retryAfter));
        }
        if (total.incrementAndGet() > settings.maxStreams()) {
            total.decrementAndGet();
            throw new ProblemException(ProblemType.UNAVAILABLE, "This instance holds as many live streams as it "
                    + "may; try again later (another instance may take you).", null, Map.of("Retry-After", retryAfter));
        }
        String client = clientKeys.of(request);
        AtomicInteger mine = perClient.computeIfAbsent(client, k -> new AtomicInteger());
        if (mine.incrementAndGet() > settings.maxStreamsPerClient()) {
            mine.decrementAndGet();
            total.decrementAndGet();
            throw new ProblemException(ProblemType.TOO_MANY_REQUESTS, "Too many live streams from your network; "
                    + "close one or try again later.", null, Map.of("Retry-After", retryAfter));
        }
        return new Admission(client);
    }

    /**
     * Opens the stream: response headers, {@code retry:}, the first event at once, then the stream joins its topic,
     * which reads again on the next tick (so nothing that changed since the first event's read is missed).
     */
    public LiveStream open(Admission admission, String topicKey, Function<String, Topic> topicFactory,
            HttpServerResponse response, SseEventSink sink, Object viewer, LiveEvent first, Object known) {
        response.setChunked(true);
        response.putHeader("Content-Type", "text/event-stream");
        response.putHeader("Cache-Control", "no-store");
        response.putHeader("X-Accel-Buffering", "no");
        LiveStream stream = new LiveStream(response, sink, viewer, admission::release);
        stream.writeRaw(retry);
        stream.send(first, known);
        events.increment();
        Topic topic = topics.compute(topicKey, (key, existing) -> {
            Topic joined = existing == null ? topicFactory.apply(key) : existing;
            joined.streams.add(stream);
            return joined;
        });
        topic.markChanged();
        if (stopping) {
            stream.close(null);
        }
        return stream;
    }

    /** Sends an event and ends the stream (a poll that has closed) without joining a topic. */
    public void openAndEnd(Admission admission, HttpServerResponse response, SseEventSink sink, LiveEvent last) {
        response.setChunked(true);
        response.putHeader("Content-Type", "text/event-stream");
        response.putHeader("Cache-Control", "no-store");
        response.putHeader("X-Accel-Buffering", "no");
        LiveStream stream = new LiveStream(response, sink, null, admission::release);
        stream.writeRaw(retry);
        stream.close(last);
        events.increment();
    }


    /**
     * After a ballot of this poll has committed. Every instance's streams of the poll hear of it within a tick: the
     * ticker sends one NOTIFY per changed poll per tick, after the commit and outside the ballot's transaction.
     * (PostgreSQL serialises the commits of transactions that notified, through their WAL flush: inside the ballot,
     * a NOTIFY cut the ballot statement's throughput to a third in bench/live.sh.) A notice lost because this
     * instance died in between is made good by the periodic resync of every watching instance.
     */
    public void pollChanged(UUID pollId) {
        String id = pollId.toString();
        pendingPolls.add(id);
        Topic local = topics.get("poll:" + id);
        if (local != null) {
            local.markChanged();
        }
    }

    /** Counts events written. */
    public void countEvents(int written) {
        events.increment(written);
    }

    private void notified(String channel, String payload) {
        String key = switch (channel) {
            case Notifications.POLLS -> "poll:" + payload;
            case Notifications.MODERATION -> "moderation:" + payload;
            default -> null;
        };
        Topic topic = key == null ? null : topics.get(key);
        if (topic != null) {
            topic.markChanged();
        }
    }

    /** After the listener reconnected: notifications may have been lost, so every topic reads afresh. */
    private void resync() {
        topics.values().forEach(Topic::markChanged);
    }

    private void tick() {
        try {
            long nanos = System.nanoTime();
            Instant now = clock.now();
            long slowLimit = settings.slowClientLimit().toNanos();
            boolean beat = nanos - lastHeartbeat >= settings.heartbeat().toNanos();
            if (beat) {
                lastHeartbeat = nanos;
            }
            sendPollNotices();
            if (nanos - lastResync >= settings.resync().toNanos()) {
                lastResync = nanos;
                resync();
            }
            for (Map.Entry<String, Topic> entry : topics.entrySet()) {
                Topic topic = entry.getValue();
                topic.streams.removeIf(stream -> {
                    if (stream.isClosed() || stream.behindFor(nanos, slowLimit)) {
                        stream.close(null);
                        return true;
                    }
                    return false;
                });
                if (topics.computeIfPresent(entry.getKey(), (key, t) -> t.streams.isEmpty() ? null : t) == null) {
                    continue;
                }
                if (topic.needsRefresh(now)) {
                    topic.changed = false;
                    topic.dueAt = null;
                    refresh(topic, now);
                } else {
                    Delivery delivery = new Delivery();
                    topic.streams.stream().filter(LiveStream::hasUndelivered)
                            .forEach(stream -> delivery.add(stream, () -> stream.flush(System.nanoTime())));
                    delivery.run();
                }
                if (beat) {
                    Delivery delivery = new Delivery();
                    topic.streams.forEach(stream -> delivery.add(stream, () -> stream.writeRaw(heartbeat)));
                    delivery.run();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("live tick failed", e);
        }
    }

    /** One NOTIFY per poll that had ballots since the last tick, all in one statement on a pooled connection. */
    private void sendPollNotices() {
        if (pendingPolls.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(pendingPolls);
        pendingPolls.removeAll(ids);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select count(pg_notify('" + Notifications.POLLS + "', id)) from unnest(?) as n(id)")) {
            statement.setArray(1, connection.createArrayOf("text", ids.toArray()));
            statement.executeQuery().close();
        } catch (SQLException e) {
            pendingPolls.addAll(ids); // the database is away: send them when it is back
            long nanos = System.nanoTime();
            if (nanos - lastFailureLog > TimeUnit.MINUTES.toNanos(1)) {
                lastFailureLog = nanos;
                LOG.warnf("live notices could not be sent (%s); retrying", e.getMessage());
            }
        }
    }

    private void refresh(Topic topic, Instant now) {
        try {
            reads.increment();
            refreshes.record(() -> topic.refresh(now, topic.streams));
        } catch (RuntimeException e) {
            // the database is away, most likely: try again next tick, and say so at most once a minute
            topic.changed = true;
            long nanos = System.nanoTime();
            if (nanos - lastFailureLog > TimeUnit.MINUTES.toNanos(1)) {
                lastFailureLog = nanos;
                LOG.warnf("live streams could not read their state (%s); retrying", e.getMessage());
            }
        }
    }
}
