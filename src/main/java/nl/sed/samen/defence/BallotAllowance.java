package nl.sed.samen.defence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.ProblemType;
import nl.sed.samen.security.ClientKeys;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.persistence.PersistenceException;

/**
 * At most {@code samen.rate-limits.ballots-per-poll-per-network} ballots per poll per network per day, however many
 * voter tokens the network holds: a school can vote, one address cannot fill a poll. The count is a sliding day: the
 * network's ballots today plus yesterday's (found under yesterday's key, copied into today's row) weighted by how much
 * of today is still to come, so midnight gives nothing back. Rows are keyed by the daily client key and deleted with
 * it after two days; what stays is one count per poll without any network in it: the ballots from networks that cast
 * more than half the allowance (the poll integrity figure officials see in the breakdown).
 */
@ApplicationScoped
public class BallotAllowance {

    private static final String READ = """
            select day, ballots, earlier from poll_network_ballots
            where poll_id = ? and ((day = ? and network_key = ?) or (day = ? and network_key = ?))""";

    /** The ballot counted under today's key; past half the allowance, counted in the poll's integrity figure. */
    private static final String COUNT = """
            with counted as (
                insert into poll_network_ballots (poll_id, day, network_key, ballots, earlier)
                values (?, ?, ?, 1, coalesce((select ballots from poll_network_ballots
                                              where poll_id = ? and day = ? and network_key = ?), 0))
                on conflict (poll_id, day, network_key) do update set ballots = poll_network_ballots.ballots + 1
                returning ballots + earlier as total)
            insert into poll_busy_ballots (poll_id, ballots)
            select ?, case when total = ? + 1 then total else 1 end from counted where total > ?
            on conflict (poll_id) do update set ballots = poll_busy_ballots.ballots + excluded.ballots""";

    private final AgroalDataSource dataSource;
    private final Clock clock;
    private final int perDay;
    private final boolean enabled;

    public BallotAllowance(AgroalDataSource dataSource, Clock clock, RateLimits.Settings settings) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.perDay = settings.ballotsPerPollPerNetwork();
        this.enabled = settings.enabled();
    }

    /** The poll integrity figure. */
    @Schema(name = "PollIntegrity")
    public record Integrity(
            @Schema(description = "Ballots cast from networks (an IPv4 address, an IPv6 /64) that cast more than "
                    + "busyAbove ballots in this poll within a day") long ballotsFromBusyNetworks,
            @Schema(description = "Half the allowance: a network past this counts as busy") int busyAbove,
            @Schema(description = "Ballots one network may cast in this poll per day") int allowancePerDay) {
    }

    /** A 429 with Retry-After when this network has used its allowance in this poll. */
    void check(UUID pollId, ClientKeys.Keys keys) {
        if (!enabled) {
            return;
        }
        Instant now = clock.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        long todays = 0;
        long earlier = 0;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(READ)) {
            statement.setObject(1, pollId);
            statement.setDate(2, Date.valueOf(today));
            statement.setString(3, keys.today());
            statement.setDate(4, Date.valueOf(today.minusDays(1)));
            statement.setString(5, keys.yesterday().orElse(null));
            try (ResultSet rows = statement.executeQuery()) {
                boolean todayFound = false;
                while (rows.next()) {
                    if (rows.getDate(1).toLocalDate().equals(today)) {
                        todays = rows.getLong(2);
                        earlier = rows.getLong(3);
                        todayFound = true;
                    } else if (!todayFound) {
                        earlier = rows.getLong(2);
                    }
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
        double elapsed = dayElapsed(now);
        // yesterday's ballots come back one whole ballot at a time as the day goes on (none at midnight)
        if (todays + (long) Math.ceil(earlier * (1 - elapsed)) < perDay) {
            return;
        }
        long seconds = retryAfter(todays, earlier, elapsed, perDay);
        throw new ProblemException(ProblemType.TOO_MANY_REQUESTS, "Your network has cast as many ballots in this "
                + "poll as one network may in a day; try again in " + seconds + " seconds.", null,
                Map.of("Retry-After", Long.toString(seconds)));
    }

    /** Counts a ballot that is in against its network (outside the ballot's transaction: at worst a few too many). */
    void counted(UUID pollId, ClientKeys.Keys keys) {
        if (!enabled) {
            return;
        }
        LocalDate today = LocalDate.ofInstant(clock.now(), ZoneOffset.UTC);
        int half = perDay / 2;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(COUNT)) {
            statement.setObject(1, pollId);
            statement.setDate(2, Date.valueOf(today));
            statement.setString(3, keys.today());
            statement.setObject(4, pollId);
            statement.setDate(5, Date.valueOf(today.minusDays(1)));
            statement.setString(6, keys.yesterday().orElse(null));
            statement.setObject(7, pollId);
            statement.setInt(8, half);
            statement.setInt(9, half);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    /** The integrity figure of a poll, for officials. */
    public Integrity integrity(UUID pollId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select ballots from poll_busy_ballots where poll_id = ?")) {
            statement.setObject(1, pollId);
            try (ResultSet rows = statement.executeQuery()) {
                return new Integrity(rows.next() ? rows.getLong(1) : 0, perDay / 2, perDay);
            }
        } catch (SQLException e) {
            throw new PersistenceException(e);
        }
    }

    /** How much of the UTC day has passed, 0 at midnight to almost 1. */
    static double dayElapsed(Instant now) {
        return (now.getEpochSecond() % 86_400) / 86_400.0;
    }

    /** Seconds until the sliding count falls below the allowance again. */
    static long retryAfter(long todays, long earlier, double elapsed, int perDay) {
        double when;
        // the next ballot is allowed once the (rounded up) count is at most perDay - 1
        if (todays < perDay && earlier > 0) {
            when = 1 - (double) (perDay - 1 - todays) / earlier - elapsed; // yesterday's share fades out today
        } else {
            when = 1 - elapsed + 1 - (double) (perDay - 1) / Math.max(1, todays); // today's fades out tomorrow
        }
        return Math.max(1, (long) Math.ceil(Math.max(0, when) * 86_400) + 1);
    }
}
