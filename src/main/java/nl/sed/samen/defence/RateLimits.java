package nl.sed.samen.defence;

import io.agroal.api.AgroalDataSource;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
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
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.ProblemType;

/**
 * Per-client allowances for anonymous writes, per tenant and endpoint class. The buckets live in PostgreSQL (Bucket4j's
 * select-for-update proxy manager), so every instance draws from the same allowance; nothing is kept in one instance's
 * memory. A client is known only by its keyed, daily-changing hash.
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

        interface Allowance {
            long capacity();

            Duration period();
        }
    }

    private final ProxyManager<String> buckets;
    private final Map<Limit, BucketConfiguration> configurations = new EnumMap<>(Limit.class);
    private final boolean enabled;

    @Inject
    public RateLimits(AgroalDataSource dataSource, Settings settings) {
        this(dataSource, settings.enabled(), Map.of(Limit.VOTER_TOKENS, settings.voterTokens(), Limit.VOTES,
                settings.votes(), Limit.REACTIONS, settings.reactions(), Limit.FLAGS, settings.flags()));
    }

    /** Also how a test stands in for a second instance: another manager over the same table. */
    public RateLimits(DataSource dataSource, boolean enabled, Map<Limit, Settings.Allowance> allowances) {
        this.enabled = enabled;
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(withoutFlushWait(dataSource))
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_bucket")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofMinutes(1)))
                .build();
        allowances.forEach((limit, allowance) -> configurations.put(limit, BucketConfiguration.builder()
                .addLimit(l -> l.capacity(allowance.capacity())
                        .refillGreedy(allowance.capacity(), allowance.period()))
                .build()));
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

    /** Takes one request from this client's allowance, or refuses with 429 and Retry-After. */
    public void take(String tenant, Limit limit, String clientKey) {
        if (!enabled) {
            return;
        }
        ConsumptionProbe probe = buckets.builder()
                .build(tenant + ":" + limit.key() + ":" + clientKey, () -> configurations.get(limit))
                .tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1);
            throw new ProblemException(ProblemType.TOO_MANY_REQUESTS, "Too many requests of this kind from your "
                    + "connection; try again in " + seconds + " seconds.", null,
                    Map.of("Retry-After", Long.toString(seconds)));
        }
    }
}
