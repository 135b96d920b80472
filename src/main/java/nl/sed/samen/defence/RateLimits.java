package nl.sed.samen.defence;

import io.agroal.api.AgroalDataSource;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.ProblemType;

/**
 * Per-network allowances for anonymous writes, per tenant and endpoint class, as an escalation rather than a wall: within
 * the free allowance a request needs nothing more; past it, up to {@code with-proof-of-work} more requests are admitted
 * each with a solved proof-of-work, harder the further past; beyond that a 429 with Retry-After. One bucket per network
 * holds both (capacity free + proof-of-work, refilled evenly over the period), so the level is simply how far the
 * bucket is below the proof-of-work band's top.
 *
 * <p>The buckets are rows of {@code rate_limit_allowance} in PostgreSQL, so every instance draws from the same
 * allowance; nothing is kept in one instance's memory, and the time is the database's. A network is known only by its
 * keyed, daily-changing hash. A take is one statement ({@link #TAKE}, the bucket refilled to now and one token taken in
 * a single upsert, of which concurrent takes of one bucket wait for each other's row lock), so it can also be part of
 * another statement: a ballot takes its token in the ballot statement itself ({@link Draw}). This replaced Bucket4j's
 * PostgreSQL proxy manager, whose take was a transaction of its own (select for update, update, commit: four round
 * trips) and cost the vote 38 % of its rate (bench/RESULTS.md). Whatever reads or writes a bucket runs outside any
 * other transaction (a take joining one would make its commit skip the flush wait too, and be rolled back with it);
 * {@link #draw}, on every vote's path, touches no database and needs no interceptor.
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

    /**
     * How many proof-of-work levels the band is split into; each level doubles the work. The SQL function
     * {@code rate_limit_level} (changeset 018) splits the band the same way.
     */
    public static final int LEVELS = 4;

    /**
     * One bucket's take, for a statement with a {@code params} row holding {@code bucket_id} (null: take nothing),
     * {@code capacity}, {@code period_s} (seconds), {@code band} (the proof-of-work band, in tokens),
     * {@code allowed_level} (the highest proof-of-work level the request's solution satisfies; 0 without one) and
     * {@code now}. The bucket is refilled to now ({@code rate_limit_refilled}, changeset 018); one token is taken if
     * there is one and the level the take leaves the bucket at ({@code rate_limit_level}) is allowed. Returns the
     * tokens left, no row when nothing was taken: then the bucket is untouched. A new bucket starts full.
     * {@code expires_at}: when the bucket is full again, plus a minute; an expired row is a full bucket, which the
     * retention job deletes.
     */
    public static final String TAKE_CTE = """
            allowance as (
                insert into rate_limit_allowance as r (id, tokens, refilled_at, expires_at)
                select x.bucket_id, x.capacity - 1, x.now, x.now + make_interval(secs => x.period_s / x.capacity + 60)
                from params x
                where x.bucket_id is not null and x.capacity >= 1
                  and rate_limit_level(x.band, x.capacity) <= x.allowed_level
                on conflict (id) do update
                set tokens = REFILLED - 1, refilled_at = excluded.refilled_at,
                    expires_at = excluded.refilled_at + make_interval(secs => ((select capacity from params)
                        - REFILLED + 1) * (select period_s / capacity from params) + 60)
                where REFILLED >= 1 and rate_limit_level((select band from params), REFILLED)
                      <= (select allowed_level from params)
                returning tokens)"""
            // the row's tokens refilled to now (in ON CONFLICT, params is reached through sub-selects)
            .replace("REFILLED", "rate_limit_refilled(r.tokens, r.refilled_at, excluded.refilled_at, "
                    + "(select capacity from params), (select period_s from params))");

    /**
     * A take on its own: one statement, which is its own transaction. It does not wait for PostgreSQL to flush its
     * commit to disk ({@code synchronous_commit off}, for this transaction only): a crash of the database server can
     * then forget the last fraction of a second of takes — a few requests' worth of allowance given back, never a vote
     * or a reaction lost — and an anonymous write waits for one disk flush (its own) instead of two. It returns the
     * level the take left the bucket at, null when it took nothing; only then is the bucket read again, for the
     * refusal ({@link #refusal}).
     */
    static final String TAKE = """
            with params as not materialized (
                select cast(? as text) as bucket_id, cast(? as float8) as capacity, cast(? as float8) as period_s,
                       cast(? as bigint) as band, cast(? as integer) as allowed_level, statement_timestamp() as now),
            durability as (select set_config('synchronous_commit', 'off', true)),
            """ + TAKE_CTE + """

            select (select count(*) from durability), (select rate_limit_level(x.band, tokens + 1) from allowance)
            from params x""";

    private static final String GIVE_BACK = """
            update rate_limit_allowance set tokens = least(?, tokens + 1)
            from (select set_config('synchronous_commit', 'off', true)) durability
            where id = ?""";

    private final DataSource dataSource;
    private final Map<Limit, Settings.Allowance> allowances = new EnumMap<>(Limit.class);
    private final boolean enabled;

    @Inject
    public RateLimits(AgroalDataSource dataSource, Settings settings) {
        this(dataSource, settings.enabled(), Map.of(Limit.VOTER_TOKENS, settings.voterTokens(), Limit.VOTES,
                settings.votes(), Limit.REACTIONS, settings.reactions(), Limit.FLAGS, settings.flags(),
                Limit.PANEL_JOINS, settings.panelJoins()));
    }

    /** Also how a test stands in for a second instance: another limiter over the same table. */
    public RateLimits(DataSource dataSource, boolean enabled, Map<Limit, Settings.Allowance> allowances) {
        this.enabled = enabled;
        this.dataSource = dataSource;
        this.allowances.putAll(allowances);
    }

    /**
     * A take to be made by another statement, the ballot's ({@link #TAKE_CTE}): the bucket, its allowance, and the
     * proof-of-work the request brought.
     */
    public record Draw(String tenant, String bucketId, double capacity, double periodSeconds, long band,
            ProofOfWork.Presented proof) {

        /** The highest proof-of-work level the take may need: one above the solution's, none without one. */
        public int allowedLevel() {
            return proof.level() == 0 ? 0 : proof.level() + 1;
        }
    }

    /**
     * The draw for this network's next write of this kind, with the request's proof-of-work (looked at only when the
     * limits are on); null when they are off.
     */
    public Draw draw(String tenant, Limit limit, String clientKey, Supplier<ProofOfWork.Presented> proof) {
        if (!enabled) {
            return null;
        }
        Settings.Allowance allowance = allowances.get(limit);
        return new Draw(tenant, id(tenant, limit, clientKey), capacity(allowance), seconds(allowance),
                allowance.withProofOfWork(), proof.get());
    }

    /** Makes a draw now, in a statement of its own: for a write whose token cannot wait for its own statement. */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public void takeNow(Draw draw) {
        if (level(draw) == null) {
            throw refusal(draw);
        }
    }

    /**
     * Why a draw the ballot statement made took nothing, from the bucket as it is now: a 429 with Retry-After when it
     * is empty, else the 403 asking for the proof-of-work its level needs.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public ProblemException refusal(Draw draw) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     select b.available, rate_limit_level(?, b.available)
                     from (select coalesce(rate_limit_refilled(r.tokens, r.refilled_at, statement_timestamp(), ?, ?), ?)
                           from (select 1) one left join rate_limit_allowance r on r.id = ?) b(available)""")) {
            statement.setLong(1, draw.band());
            statement.setDouble(2, draw.capacity());
            statement.setDouble(3, draw.periodSeconds());
            statement.setDouble(4, draw.capacity());
            statement.setString(5, draw.bucketId());
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                double available = result.getDouble(1);
                if (available < 1) {
                    return tooMany((1 - available) * draw.periodSeconds() / Math.max(1, draw.capacity()));
                }
                if (result.getInt(2) <= draw.allowedLevel()) {
                    // a concurrent take emptied the bucket between the statement and this look at it
                    return tooMany(draw.periodSeconds() / draw.capacity());
                }
                return draw.proof().refusal(draw.tenant());
            }
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    /**
     * Takes one request from this network's allowance: 0 when it is within the free allowance, else the proof-of-work
     * level (1 to {@link #LEVELS}) it must bring; a 429 with Retry-After when even that is used up.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public int take(String tenant, Limit limit, String clientKey) {
        if (!enabled) {
            return 0;
        }
        // any level is allowed: the caller asks for the proof-of-work of the level it gets back
        Draw draw = draw(tenant, limit, clientKey, () -> ProofOfWork.Presented.ANY);
        Integer level = level(draw);
        if (level == null) {
            throw refusal(draw);
        }
        return level;
    }

    /** Runs {@link #TAKE} for a draw: the level the take left the bucket at, null when it took nothing. */
    private Integer level(Draw draw) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(TAKE)) {
            statement.setString(1, draw.bucketId());
            statement.setDouble(2, draw.capacity());
            statement.setDouble(3, draw.periodSeconds());
            statement.setLong(4, draw.band());
            statement.setInt(5, draw.allowedLevel());
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getObject(2, Integer.class);
            }
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    /**
     * Gives back what {@link #take} took, for a request refused for want of a proof-of-work: the resident's widget
     * solves the challenge and sends the request again, which then costs the allowance once, not twice.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public void giveBack(String tenant, Limit limit, String clientKey) {
        if (!enabled) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(GIVE_BACK)) {
            statement.setDouble(1, capacity(allowances.get(limit)));
            statement.setString(2, id(tenant, limit, clientKey));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    /**
     * The level this network's next request of any kind would need (at least 1), read without taking anything and
     * without a lock or a write: for the difficulty of a challenge fetched before the request it is for.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public int nextLevel(String tenant, String clientKey) {
        if (!enabled) {
            return 1;
        }
        List<String> ids = new ArrayList<>();
        List<Double> capacities = new ArrayList<>();
        List<Double> periods = new ArrayList<>();
        List<Long> bands = new ArrayList<>();
        allowances.forEach((limit, allowance) -> {
            ids.add(id(tenant, limit, clientKey));
            capacities.add(capacity(allowance));
            periods.add(seconds(allowance));
            bands.add(allowance.withProofOfWork());
        });
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     select coalesce(max(rate_limit_level(l.band, rate_limit_refilled(r.tokens, r.refilled_at,
                                                                  statement_timestamp(), l.capacity, l.period_s))), 1)
                     from unnest(?::text[], ?::float8[], ?::float8[], ?::bigint[]) l(id, capacity, period_s, band)
                     join rate_limit_allowance r on r.id = l.id""")) {
            statement.setArray(1, connection.createArrayOf("text", ids.toArray()));
            statement.setArray(2, connection.createArrayOf("float8", capacities.toArray()));
            statement.setArray(3, connection.createArrayOf("float8", periods.toArray()));
            statement.setArray(4, connection.createArrayOf("int8", bands.toArray()));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return Math.max(1, result.getInt(1));
            }
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    private static double capacity(Settings.Allowance allowance) {
        return allowance.capacity() + allowance.withProofOfWork();
    }

    private static double seconds(Settings.Allowance allowance) {
        return allowance.period().toMillis() / 1000.0;
    }

    private static ProblemException tooMany(double secondsToWait) {
        long seconds = Math.max(1, (long) Math.ceil(secondsToWait) + 1);
        return new ProblemException(ProblemType.TOO_MANY_REQUESTS, "Too many requests of this kind from your "
                + "network; try again in " + seconds + " seconds.", null, Map.of("Retry-After", Long.toString(seconds)));
    }

    static String id(String tenant, Limit limit, String clientKey) {
        return tenant + ":" + limit.key() + ":" + clientKey;
    }
}
