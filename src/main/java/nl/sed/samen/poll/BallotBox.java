package nl.sed.samen.poll;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import nl.sed.samen.common.AgeBand;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.defence.BallotAllowance;
import nl.sed.samen.defence.RateLimits;

/**
 * Where ballots go in and counts come out. The single rule for "who may vote twice" lives here: nobody. A ballot is a
 * row keyed by (poll, voter), so the database refuses a second one whatever the race or the instance; the running
 * counts are updated by the same statement, so they never disagree with the ballots.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class BallotBox {

    /**
     * Rows each count is spread over, so concurrent votes for one option seldom wait for the same row lock. With 8,
     * twenty pooled connections voting on one poll queued on the rows (bench/RESULTS.md); a read sums at most
     * SLOTS × (options + 1) rows, a few index pages.
     */
    static final int SLOTS = 32;

    private final EntityManager entityManager;
    private final AgroalDataSource dataSource;
    private final RateLimits rateLimits;

    public BallotBox(EntityManager entityManager, AgroalDataSource dataSource, RateLimits rateLimits) {
        this.entityManager = entityManager;
        this.dataSource = dataSource;
        this.rateLimits = rateLimits;
    }

    /** What the ballot statement did: counted the ballot, or found this voter's (or code's) ballot already in. */
    record Outcome(boolean counted, Tally tally) {
    }

    /** A ballot as cast: by whom (a voter token's key, or a code's), through which tenant's path, with what. */
    record Ballot(UUID pollId, String tenant, String voter, List<UUID> optionIds, AgeBand ageBand, String area,
            Instant at, UUID invitedTo) {
    }

    /**
     * Casts an open poll's ballot in one statement, without a transaction around it: the statement is its own
     * transaction, so the running-count rows it updates stay locked for the statement and its commit only, not for one
     * more round trip to send a COMMIT. {@code withCounts}: also return the counts with this ballot in them.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    Outcome castOpen(Ballot ballot, BallotAllowance.Network network, boolean withCounts) {
        return cast(ballot, network, withCounts);
    }

    /**
     * Casts a code poll's ballot in a transaction of its own, committed before this returns: the code (its hash) is
     * used up in the same transaction, so a refused ballot leaves the code unused and a counted one never leaves it
     * free.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    Outcome castWithCode(Ballot ballot, byte[] codeHash, BallotAllowance.Network network, boolean withCounts) {
        switch (useCode(ballot.pollId(), codeHash, ballot.at())) {
            case ALREADY_USED -> throw ProblemException.conflict("This code has already been used.");
            case UNKNOWN -> throw ProblemException.forbidden("This code is not valid for this poll.");
            case ACCEPTED -> { }
        }
        return cast(ballot, network, withCounts);
    }

    /**
     * The ballot, in one statement:
     * <ul>
     * <li>the network's take from its allowance of votes ({@link RateLimits#TAKE_CTE}; none when the limits are off or
     * it was taken before, as a code poll's is), made whatever happens to the ballot, unless the bucket is empty or
     * its level asks more proof-of-work than the request brought: then nothing is taken and the ballot refused;</li>
     * <li>if the poll takes votes at this moment (checked here, in the database, whatever copy of the poll the caller
     * checked the ballot against: the last line behind {@code ParticipationScope#requireVoteFrom}, with the same rule —
     * poll and consultation open and within their hours, for everyone or (a panel's) for a voter invited to it, in a
     * published project);</li>
     * <li>and if the network has ballots left in this poll today ({@link BallotAllowance}: its count under today's key,
     * plus yesterday's count, which fades out over today);</li>
     * <li>the ballot row, unless this voter's is in already; the running counts; and the network's count of ballots in
     * the poll (past half the allowance, also the poll's integrity figure);</li>
     * <li>and, when asked, the counts as they were when the statement began, to which the caller adds this ballot.</li>
     * </ul>
     * Every value comes in once, as the one row of {@code params}; yesterday and the busy threshold (half the
     * allowance) follow from today and the allowance. {@code params} must stay {@code not materialized}: folded into
     * each use, its values are the planner's parameters and the network's count is two lookups by primary key; kept
     * as a row of its own (PostgreSQL's default for a CTE used more than once), the lookup read every row of the poll's
     * networks, and the vote fell to half its rate with 30,000 networks in the poll (bench, 2026-12-04).
     * One round trip where there were nine (the rate limiter's transaction of four, the network's count read before,
     * counted after, the counts read after the commit, and the COMMIT): the limiter's own transaction cost the vote
     * 38 % of its rate (bench/RESULTS.md, 2026-12-06). No NOTIFY here: PostgreSQL serialises the commits of all transactions that notified (a
     * global lock held through the WAL flush), which cut this statement to a third in bench/live.sh; the live streams
     * hear of a ballot after its commit ({@code LiveHub#pollChanged}). {@code bench/sql/vote-insert.sql} runs this
     * statement for the database's own rate.
     */
    static final String CAST = """
            with params as not materialized (
                select cast(? as uuid) as poll_id, cast(? as timestamptz) as at, cast(? as uuid) as invited_to,
                       cast(? as text) as tenant, cast(? as text) as voter, cast(? as uuid[]) as option_ids,
                       cast(? as text) as age_band, cast(? as text) as area, cast(? as smallint) as slot,
                       cast(? as boolean) as limited, cast(? as date) as today, cast(? as text) as today_key,
                       cast(? as text) as yesterday_key, cast(? as float8) as yesterdays_share,
                       cast(? as integer) as per_day, cast(? as boolean) as with_counts,
                       cast(? as text) as bucket_id, cast(? as float8) as capacity, cast(? as float8) as period_s,
                       cast(? as bigint) as band, cast(? as integer) as allowed_level, statement_timestamp() as now),
            """ + RateLimits.TAKE_CTE + """
            ,
            open_poll as (
                select pl.id from params x
                join poll pl on pl.id = x.poll_id
                join consultation c on c.id = pl.consultation_id
                join project p on p.id = c.project_id
                where pl.status = 'OPEN'
                  and (pl.opens_at is null or pl.opens_at <= x.at) and (pl.closes_at is null or pl.closes_at > x.at)
                  and c.status = 'OPEN' and (c.audience = 'EVERYONE' or c.id = x.invited_to)
                  and (c.opens_at is null or c.opens_at <= x.at) and (c.closes_at is null or c.closes_at > x.at)
                  and p.status = 'PUBLISHED'),
            network as (
                select coalesce(max(b.ballots) filter (where b.day = x.today), 0) as todays,
                       coalesce(max(b.earlier) filter (where b.day = x.today),
                                max(b.ballots) filter (where b.day = x.today - 1), 0) as earlier
                from params x left join poll_network_ballots b
                  on x.limited and b.poll_id = x.poll_id
                 and ((b.day = x.today and b.network_key = x.today_key)
                      or (b.day = x.today - 1 and b.network_key = x.yesterday_key))),
            admitted as (
                select o.id from open_poll o, network n, params x
                where (x.bucket_id is null or exists (select from allowance))
                  and (not x.limited or n.todays + ceil(n.earlier * x.yesterdays_share) < x.per_day)),
            ballot as (
                insert into vote (poll_id, tenant_slug, voter, option_ids, age_band, area, cast_at)
                select a.id, x.tenant, x.voter, x.option_ids, x.age_band, x.area, x.at from admitted a, params x
                on conflict do nothing
                returning poll_id, option_ids),
            options as (
                insert into poll_option_tally (poll_id, option_id, slot, votes)
                select b.poll_id, o.option_id, x.slot, 1 from ballot b, params x, unnest(b.option_ids) as o(option_id)
                on conflict (poll_id, option_id, slot) do update set votes = poll_option_tally.votes + 1
                returning 1),
            ballots as (
                insert into poll_ballot_tally (poll_id, slot, ballots)
                select b.poll_id, x.slot, 1 from ballot b, params x
                on conflict (poll_id, slot) do update set ballots = poll_ballot_tally.ballots + 1
                returning 1),
            counted as (
                insert into poll_network_ballots (poll_id, day, network_key, ballots, earlier)
                select b.poll_id, x.today, x.today_key, 1, n.earlier from ballot b, network n, params x where x.limited
                on conflict (poll_id, day, network_key) do update set ballots = poll_network_ballots.ballots + 1
                returning ballots + earlier as total),
            busy as (
                insert into poll_busy_ballots (poll_id, ballots)
                select x.poll_id, case when c.total = x.per_day / 2 + 1 then c.total else 1 end from counted c, params x
                where c.total > x.per_day / 2
                on conflict (poll_id) do update set ballots = poll_busy_ballots.ballots + excluded.ballots
                returning 1),
            option_counts as (
                select t.option_id, sum(t.votes) as votes from params x join poll_option_tally t on t.poll_id = x.poll_id
                where x.with_counts group by t.option_id)
            select (select count(*) from open_poll), (select count(*) from admitted), (select count(*) from ballot),
                   n.todays, n.earlier,
                   (select coalesce(sum(t.ballots), 0) from params x join poll_ballot_tally t on t.poll_id = x.poll_id
                    where x.with_counts),
                   (select array_agg(option_id order by option_id) from option_counts),
                   (select array_agg(votes order by option_id) from option_counts),
                   (select count(*) from allowance)
            from network n""";

    private static final String TALLY = """
            select option_id, sum(votes) from poll_option_tally where poll_id = ? group by option_id
            union all
            select null, sum(ballots) from poll_ballot_tally where poll_id = ?""";

    /**
     * Casts the ballot; not counted when this voter has already voted in this poll, a 409 when it takes no votes now,
     * a 429 when the network has no ballots left in it today.
     */
    private Outcome cast(Ballot ballot, BallotAllowance.Network network, boolean withCounts) {
        short slot = (short) ThreadLocalRandom.current().nextInt(SLOTS);
        return jdbc(CAST, statement -> {
            // the params row of the statement, each value once, in its order
            int i = 0;
            statement.setObject(++i, ballot.pollId());
            statement.setObject(++i, OffsetDateTime.ofInstant(ballot.at(), ZoneOffset.UTC));
            statement.setObject(++i, ballot.invitedTo(), java.sql.Types.OTHER);
            statement.setString(++i, ballot.tenant());
            statement.setString(++i, ballot.voter());
            statement.setString(++i, toArrayLiteral(ballot.optionIds()));
            statement.setString(++i, ballot.ageBand() == null ? null : ballot.ageBand().name());
            statement.setString(++i, ballot.area());
            statement.setShort(++i, slot);
            statement.setBoolean(++i, network.limited());
            statement.setDate(++i, Date.valueOf(network.today()));
            statement.setString(++i, network.todayKey());
            statement.setString(++i, network.yesterdayKey());
            statement.setDouble(++i, network.yesterdaysShare());
            statement.setInt(++i, network.perDay());
            statement.setBoolean(++i, withCounts);
            // without a draw the take selects nothing; its values still have to be ones the planner can fold
            RateLimits.Draw votes = network.votes();
            statement.setString(++i, votes == null ? null : votes.bucketId());
            statement.setDouble(++i, votes == null ? 1 : votes.capacity());
            statement.setDouble(++i, votes == null ? 1 : votes.periodSeconds());
            statement.setLong(++i, votes == null ? 0 : votes.band());
            statement.setInt(++i, votes == null ? 0 : votes.allowedLevel());
        }, result -> {
            result.next();
            if (network.votes() != null && result.getInt(9) == 0) {
                throw rateLimits.refusal(network.votes());
            }
            if (result.getInt(1) == 0) {
                // closed (or not yet open) since the caller's copy of the poll was read
                throw ProblemException.conflict("This poll does not take votes now.");
            }
            if (result.getInt(2) == 0) {
                throw BallotAllowance.refusal(network, result.getLong(4), result.getLong(5));
            }
            boolean counted = result.getInt(3) == 1;
            return new Outcome(counted, withCounts ? countsWith(result, counted ? ballot.optionIds() : List.of()) : null);
        });
    }

    /** The counts the statement read (as they were when it began), with its ballot, if counted, added. */
    private static Tally countsWith(ResultSet result, List<UUID> ballot) throws SQLException {
        Map<UUID, Long> perOption = new HashMap<>();
        java.sql.Array options = result.getArray(7);
        java.sql.Array votes = result.getArray(8);
        if (options != null) {
            Object[] ids = (Object[]) options.getArray();
            Object[] counts = (Object[]) votes.getArray();
            for (int i = 0; i < ids.length; i++) {
                perOption.put((UUID) ids[i], ((Number) counts[i]).longValue());
            }
        }
        for (UUID option : ballot) {
            perOption.merge(option, 1L, Long::sum);
        }
        return new Tally(result.getLong(6) + (ballot.isEmpty() ? 0 : 1), perOption);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    boolean hasVoted(UUID pollId, String voter) {
        return jdbc("select 1 from vote where poll_id = ? and voter = ?", statement -> {
            statement.setObject(1, pollId);
            statement.setString(2, voter);
        }, ResultSet::next);
    }

    /** Which of these voters have voted in this poll: one lookup for all of a live stream's waiting voters. */
    @Transactional(Transactional.TxType.SUPPORTS)
    Set<String> votedAmong(UUID pollId, Collection<String> voters) {
        if (voters.isEmpty()) {
            return Set.of();
        }
        return jdbc("select voter from vote where poll_id = ? and voter = any(?)", statement -> {
            statement.setObject(1, pollId);
            statement.setArray(2, statement.getConnection().createArrayOf("text", voters.toArray()));
        }, result -> {
            Set<String> voted = new HashSet<>();
            while (result.next()) {
                voted.add(result.getString(1));
            }
            return voted;
        });
    }

    /** The exact counts, from at most SLOTS × (options + 1) small rows: independent of the number of votes. */
    @Transactional(Transactional.TxType.SUPPORTS)
    Tally tally(UUID pollId) {
        return jdbc(TALLY, statement -> {
            statement.setObject(1, pollId);
            statement.setObject(2, pollId);
        }, result -> {
            Map<UUID, Long> perOption = new HashMap<>();
            long ballots = 0;
            while (result.next()) {
                UUID option = result.getObject(1, UUID.class);
                long count = result.getLong(2);
                if (option == null) {
                    ballots = count;
                } else {
                    perOption.put(option, count);
                }
            }
            return new Tally(ballots, perOption);
        });
    }

    private static final String TALLIES = """
            select poll_id, option_id, sum(votes) from poll_option_tally where poll_id = any(?)
            group by poll_id, option_id
            union all
            select poll_id, null, sum(ballots) from poll_ballot_tally where poll_id = any(?) group by poll_id""";

    /** The counts of several polls (a page of a list) in one query; a poll without votes has no entry. */
    @Transactional(Transactional.TxType.SUPPORTS)
    Map<UUID, Tally> tallies(List<UUID> pollIds) {
        if (pollIds.isEmpty()) {
            return Map.of();
        }
        return jdbc(TALLIES, statement -> {
            java.sql.Array ids = statement.getConnection().createArrayOf("uuid", pollIds.toArray());
            statement.setArray(1, ids);
            statement.setArray(2, ids);
        }, result -> {
            Map<UUID, Long> ballots = new HashMap<>();
            Map<UUID, Map<UUID, Long>> perOption = new HashMap<>();
            while (result.next()) {
                UUID poll = result.getObject(1, UUID.class);
                UUID option = result.getObject(2, UUID.class);
                if (option == null) {
                    ballots.put(poll, result.getLong(3));
                } else {
                    perOption.computeIfAbsent(poll, k -> new HashMap<>()).put(option, result.getLong(3));
                }
            }
            Map<UUID, Tally> tallies = new HashMap<>();
            for (UUID poll : pollIds) {
                tallies.put(poll, new Tally(ballots.getOrDefault(poll, 0L), perOption.getOrDefault(poll, Map.of())));
            }
            return tallies;
        });
    }

    private interface Parameters {
        void set(PreparedStatement statement) throws SQLException;
    }

    private interface Rows<T> {
        T read(ResultSet result) throws SQLException;
    }

    /**
     * One statement straight on the pool, for the statements every vote and poll read runs: Hibernate's per-statement
     * work (a session, the native query's parsing and result mapping) cost more service CPU than the SQL itself cost
     * PostgreSQL (bench/RESULTS.md). Inside a transaction the pool hands out the transaction's own connection, so a
     * ballot and the voting code it uses still commit together.
     */
    private <T> T jdbc(String sql, Parameters parameters, Rows<T> rows) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            parameters.set(statement);
            try (ResultSet result = statement.executeQuery()) {
                return rows.read(result);
            }
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    /** Votes per option per age band and per area (null when not given), for officials' breakdowns. */
    @Transactional(Transactional.TxType.SUPPORTS)
    List<Object[]> breakdown(UUID pollId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                select o.option_id, v.age_band, v.area, count(*)
                from vote v, unnest(v.option_ids) as o(option_id)
                where v.poll_id = ?1
                group by o.option_id, v.age_band, v.area""")
                .setParameter(1, pollId).getResultList();
        return rows;
    }

    /**
     * All codes in one statement (an array of hashes, unnested), however many: 5,000 codes are one round trip. On the
     * transaction's own connection, like the ballot statements.
     */
    void storeCodes(UUID pollId, List<byte[]> hashes, Instant now) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     insert into voting_code (poll_id, code_hash, created_at)
                     select ?, h, ? from unnest(?) as h
                     on conflict do nothing""")) {
            statement.setObject(1, pollId);
            statement.setObject(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            statement.setArray(3, connection.createArrayOf("bytea", hashes.toArray(new byte[0][])));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    /** Marks the code used, atomically: of two racing requests only one finds it unused. */
    private CodeUse useCode(UUID pollId, byte[] hash, Instant now) {
        int updated = entityManager.createNativeQuery(
                "update voting_code set used_at = ?3 where poll_id = ?1 and code_hash = ?2 and used_at is null")
                .setParameter(1, pollId).setParameter(2, hash)
                .setParameter(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).executeUpdate();
        if (updated == 1) {
            return CodeUse.ACCEPTED;
        }
        boolean exists = !entityManager.createNativeQuery(
                "select 1 from voting_code where poll_id = ?1 and code_hash = ?2")
                .setParameter(1, pollId).setParameter(2, hash).getResultList().isEmpty();
        return exists ? CodeUse.ALREADY_USED : CodeUse.UNKNOWN;
    }

    private enum CodeUse { ACCEPTED, ALREADY_USED, UNKNOWN }

    private static String toArrayLiteral(List<UUID> ids) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < ids.size(); i++) {
            literal.append(i == 0 ? "" : ",").append(ids.get(i));
        }
        return literal.append('}').toString();
    }
}
