package nl.sed.samen.poll;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import nl.sed.samen.common.AgeBand;

/**
 * Where ballots go in and counts come out. The single rule for "who may vote twice" lives here: nobody. A ballot is a
 * row keyed by (poll, voter), so the database refuses a second one whatever the race or the instance; the running
 * counts are updated by the same statement, so they never disagree with the ballots.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class BallotBox {

    /** Rows each count is spread over, so concurrent votes for one option seldom wait for the same row lock. */
    static final int SLOTS = 8;

    private final EntityManager entityManager;

    public BallotBox(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Casts the ballot; false when this voter has already voted in this poll. */
    boolean cast(UUID pollId, String voter, List<UUID> optionIds, AgeBand ageBand, String area, Instant now) {
        short slot = (short) ThreadLocalRandom.current().nextInt(SLOTS);
        Number inserted = (Number) entityManager.createNativeQuery("""
                with ballot as (
                    insert into vote (poll_id, voter, option_ids, age_band, area, cast_at)
                    values (:poll, :voter, cast(:options as uuid[]), :ageBand, :area, :now)
                    on conflict do nothing
                    returning poll_id),
                options as (
                    insert into poll_option_tally (poll_id, option_id, slot, votes)
                    select b.poll_id, o.option_id, :slot, 1 from ballot b, unnest(cast(:options as uuid[])) as o(option_id)
                    on conflict (poll_id, option_id, slot) do update set votes = poll_option_tally.votes + 1
                    returning 1),
                ballots as (
                    insert into poll_ballot_tally (poll_id, slot, ballots)
                    select poll_id, :slot, 1 from ballot
                    on conflict (poll_id, slot) do update set ballots = poll_ballot_tally.ballots + 1
                    returning 1)
                select count(*) from ballot""")
                .setParameter("poll", pollId)
                .setParameter("voter", voter)
                .setParameter("options", toArrayLiteral(optionIds))
                .setParameter("ageBand", ageBand == null ? null : ageBand.name())
                .setParameter("area", area)
                .setParameter("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .setParameter("slot", slot)
                .getSingleResult();
        return inserted.intValue() == 1;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    boolean hasVoted(UUID pollId, String voter) {
        return !entityManager.createNativeQuery("select 1 from vote where poll_id = ?1 and voter = ?2")
                .setParameter(1, pollId).setParameter(2, voter).getResultList().isEmpty();
    }

    /** The exact counts, from at most SLOTS × (options + 1) small rows: independent of the number of votes. */
    @Transactional(Transactional.TxType.SUPPORTS)
    Tally tally(UUID pollId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                select option_id, sum(votes) from poll_option_tally where poll_id = ?1 group by option_id
                union all
                select null, sum(ballots) from poll_ballot_tally where poll_id = ?1""")
                .setParameter(1, pollId).getResultList();
        Map<UUID, Long> perOption = new HashMap<>();
        long ballots = 0;
        for (Object[] row : rows) {
            long count = row[1] == null ? 0 : ((Number) row[1]).longValue();
            if (row[0] == null) {
                ballots = count;
            } else {
                perOption.put((UUID) row[0], count);
            }
        }
        return new Tally(ballots, perOption);
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

    void storeCodes(UUID pollId, List<byte[]> hashes, Instant now) {
        for (byte[] hash : hashes) {
            entityManager.createNativeQuery(
                    "insert into voting_code (poll_id, code_hash, created_at) values (?1, ?2, ?3) on conflict do nothing")
                    .setParameter(1, pollId).setParameter(2, hash)
                    .setParameter(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).executeUpdate();
        }
    }

    /** Marks the code used, atomically: of two racing requests only one finds it unused. */
    CodeUse useCode(UUID pollId, byte[] hash, Instant now) {
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

    enum CodeUse { ACCEPTED, ALREADY_USED, UNKNOWN }

    private static String toArrayLiteral(List<UUID> ids) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < ids.size(); i++) {
            literal.append(i == 0 ? "" : ",").append(ids.get(i));
        }
        return literal.append('}').toString();
    }
}
