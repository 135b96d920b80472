package nl.sed.samen.live;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How live streams behave: how often they are fed, how many an instance and a network may hold. */
@ConfigMapping(prefix = "samen.live")
public interface LiveSettings {

    /** How often changed polls and queues are read and their streams fed: at most this many events per second. */
    @WithDefault("250ms")
    Duration tick();

    /** A comment line this often keeps proxies and load balancers from closing an idle stream. */
    @WithDefault("20s")
    Duration heartbeat();

    /** The {@code retry:} a client waits before it reconnects. */
    @WithDefault("3s")
    Duration retry();

    /**
     * Every watched poll and queue is read afresh this often even without a notification: the safety net for a
     * notification lost between a ballot's commit and its NOTIFY (an instance that died in that moment).
     */
    @WithDefault("10s")
    Duration resync();

    /** Open streams per instance; beyond it a 503. */
    @WithDefault("10000")
    int maxStreams();

    /** Open streams per network (client key) per instance; beyond it a 429. */
    @WithDefault("50")
    int maxStreamsPerClient();

    /** The Retry-After of those refusals. */
    @WithDefault("10s")
    Duration retryAfter();

    /** A client whose socket has not taken the last event for this long is dropped (it reconnects and catches up). */
    @WithDefault("30s")
    Duration slowClientLimit();

    /** How many of the oldest ids of each moderation queue an event lists (counts are always exact). */
    @WithDefault("500")
    int moderationIds();

    /**
     * The database the listening connection uses; by default the datasource's. Behind a transaction-pooling PgBouncer
     * (the Kubernetes overlay) LISTEN must go to PostgreSQL itself.
     */
    Optional<String> listenJdbcUrl();
}
