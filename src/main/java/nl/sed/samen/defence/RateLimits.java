package nl.sed.samen.defence;

import io.agroal.api.AgroalDataSource;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import io.github.bucket4j.distributed.serialization.InternalSerializationHelper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.ProblemType;

/**
 * Per-network allowances for anonymous writes, per tenant and endpoint class, as an escalation rather than a wall: within
 * the free allowance a request needs nothing more; past it, up to {@code with-proof-of-work} more requests are admitted
 * each with a solved proof-of-work, harder the further past; beyond that a 429 with Retry-After. One bucket per network
 * holds both (capacity free + proof-of-work, refilled gradually over the period), so the level is simply how far the
 * bucket is below the proof-of-work band's top.
 *
 * <p>The buckets live in PostgreSQL (Bucket4j's select-for-update proxy manager), so every instance draws from the same
 * allowance; nothing is kept in one instance's memory. A network is known only by its keyed, daily-changing hash.
 */
@ApplicationScoped
public class RateLimits {

    /** Allowances: capacity requests per period, refilled gradually. */
    @ConfigMapping(prefix = "samen.rate-limits")
    public interface Settings {

        @WithDefault("true")
        boolean enabled();

        Allowance voterTokens();

        Allowance votes();

        Allowance reactions();

        Allowance flags();

        Allowance panelJoins();

        /** Ballots one network may cast in one poll within a sliding day ({@link BallotAllowance}). */
        int ballotsPerPollPerNetwork();

        interface Allowance {
            /** Requests per period that need nothing more. */
            long capacity();

            /** Requests per period past {@link #capacity()} that are admitted with a solved proof-of-work. */
            @WithDefault("0")
            long withProofOfWork();

            Duration period();
        }
    }

    /** How many proof-of-work levels the band is split into; each level doubles the work. */
    public static final int LEVELS = 4;

    private final ProxyManager<String> buckets;
    private final DataSource dataSource;
    private final Map<Limit, BucketConfiguration> configurations = new EnumMap<>(Limit.class);
    private final Map<Limit, Long> bands = new EnumMap<>(Limit.class);
    private final boolean enabled;

    @Inject
    public RateLimits(AgroalDataSource dataSource, Settings settings) {
        this(dataSource, settings.enabled(), Map.of(Limit.VOTER_TOKENS, settings.voterTokens(), Limit.VOTES,
                settings.votes(), Limit.REACTIONS, settings.reactions(), Limit.FLAGS, settings.flags(),
                Limit.PANEL_JOINS, settings.panelJoins()));
    }

    /** Also how a test stands in for a second instance: another manager over the same table. */
    public RateLimits(DataSource dataSource, boolean enabled, Map<Limit, Settings.Allowance> allowances) {
        this.enabled = enabled;
        this.dataSource = dataSource;
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(withoutFlushWait(dataSource))
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_bucket")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofMinutes(1)))
                .build();
        allowances.forEach((limit, allowance) -> {
            long capacity = allowance.capacity() + allowance.withProofOfWork();
            bands.put(limit, allowance.withProofOfWork());
            configurations.put(limit, BucketConfiguration.builder()
                    .addLimit(l -> l.capacity(capacity).refillGreedy(capacity, allowance.period()))
                    .build());
        });
    }

    /**
     * The limiter's transactions do not wait for PostgreSQL to flush their commit to disk ({@code synchronous_commit
     * off}, for those transactions only). A crash of the database server can then forget the last fraction of a second
     * of bucket updates — a few requests' worth of allowance given back, never a vote or a reaction lost — and in
     * return an anonymous write waits for one disk flush (its own) instead of two. Bucket4j opens every transaction
     * with {@code setAutoCommit(false)}; the setting follows it as the transaction's first statement.
     */
    static DataSource withoutFlushWait(DataSource dataSource) {
        return proxy(DataSource.class, dataSource, (method, args, result) -> method.getName().equals("getConnection")
                ? proxy(Connection.class, (Connection) result, (connectionMethod, connectionArgs, connectionResult) -> {
                    if (connectionMethod.getName().equals("setAutoCommit") && Boolean.FALSE.equals(connectionArgs[0])) {
                        try (Statement statement = ((Connection) result).createStatement()) {
                            statement.execute("set local synchronous_commit to off");
                        }
                    }
                    return connectionResult;
                })
                : result);
    }

    /** What a proxied call returns, given the method, its arguments and what the target returned. */
    private interface AfterCall {
        Object apply(Method method, Object[] args, Object result) throws Exception;
    }

    private static <T> T proxy(Class<T> type, T target, AfterCall after) {
        InvocationHandler handler = (self, method, args) -> {
            try {
                return after.apply(method, args, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /**
     * Takes one request from this network's allowance: 0 when it is within the free allowance, else the proof-of-work
     * level (1 to {@link #LEVELS}) it must bring; a 429 with Retry-After when even that is used up.
     */
    public int take(String tenant, Limit limit, String clientKey) {
        if (!enabled) {
            return 0;
        }
        ConsumptionProbe probe = buckets.builder().build(id(tenant, limit, clientKey), () -> configurations.get(limit))
                .tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1);
            throw new ProblemException(ProblemType.TOO_MANY_REQUESTS, "Too many requests of this kind from your "
                    + "network; try again in " + seconds + " seconds.", null,
                    Map.of("Retry-After", Long.toString(seconds)));
        }
        return level(bands.get(limit), probe.getRemainingTokens());
    }

    /**
     * Gives back what {@link #take} took, for a request refused for want of a proof-of-work: the resident's widget
     * solves the challenge and sends the request again, which then costs the allowance once, not twice.
     */
    public void giveBack(String tenant, Limit limit, String clientKey) {
        if (enabled) {
            buckets.builder().build(id(tenant, limit, clientKey), () -> configurations.get(limit)).addTokens(1);
        }
    }

    /** The level for a bucket left with {@code remaining} tokens: how far into the proof-of-work band it is. */
    static int level(long band, long remaining) {
        long excess = band - remaining;
        if (excess <= 0) {
            return 0;
        }
        return (int) Math.min(LEVELS, 1 + (excess - 1) * LEVELS / band);
    }

    /**
     * The level this network's next request of any kind would need (at least 1), read without taking anything and
     * without a lock or a write: for the difficulty of a challenge fetched before the request it is for.
     */
    public int nextLevel(String tenant, String clientKey) {
        if (!enabled) {
            return 1;
        }
        Map<String, Limit> ids = new HashMap<>();
        for (Limit limit : configurations.keySet()) {
            ids.put(id(tenant, limit, clientKey), limit);
        }
        int level = 1;
        long now = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select id, state from rate_limit_bucket where id = any(?)")) {
            statement.setArray(1, connection.createArrayOf("text", ids.keySet().toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    byte[] bytes = rows.getBytes(2);
                    if (bytes == null || bytes.length == 0) {
                        continue;
                    }
                    // Bucket4j's own state format (what its proxy manager reads); refilled to now, as a take would
                    RemoteBucketState state = InternalSerializationHelper.deserializeState(bytes);
                    state.refillAllBandwidth(now);
                    long band = bands.get(ids.get(rows.getString(1)));
                    level = Math.max(level, level(band, state.getAvailableTokens() - 1));
                }
            }
        } catch (SQLException | RuntimeException e) {
            // a state this version cannot read: the base difficulty; the write itself still checks the level
            return level;
        }
        return level;
    }

    private static String id(String tenant, Limit limit, String clientKey) {
        return tenant + ":" + limit.key() + ":" + clientKey;
    }
}
