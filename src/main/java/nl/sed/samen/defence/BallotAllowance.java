package nl.sed.samen.defence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
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
 * more than half the allowance (the poll integrity figure officials see in the breakdown). The ballot statement reads,
 * checks and counts the network's ballots in the ballot's own round trip ({@link Network}); at worst, concurrent
 * ballots of one network pass together a few past the allowance.
 */
@ApplicationScoped
public class BallotAllowance {

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

    /**
     * This network's side of a ballot, for the ballot statement ({@code BallotBox}), which reads the network's count in
     * the poll, refuses the ballot when it has reached the allowance and counts it when it went in, all in the
     * ballot's own round trip.
     *
     * @param limited false when rate limits are off: nothing is read, refused or counted
     * @param todayKey the network's key today, under which its ballots of today are counted
     * @param yesterdayKey yesterday's key (null when there is none), under which its ballots of yesterday are found
     * @param yesterdaysShare how much of yesterday's count still counts: the part of today still to come
     * @param perDay the allowance; past half of it a network is busy, and its ballots count in the integrity figure
     * @param votes the take from the network's allowance of votes that the statement makes (null: none, the limits
     *     are off or it has been taken)
     */
    public record Network(boolean limited, LocalDate today, String todayKey, String yesterdayKey,
            double yesterdaysShare, int perDay, RateLimits.Draw votes) {

        /** This network once its take of votes has been made by a statement of its own. */
        public Network taken() {
            return new Network(limited, today, todayKey, yesterdayKey, yesterdaysShare, perDay, null);
        }
    }

    /** The network as the ballot statement counts it, now, with the take of votes the statement makes. */
    public Network network(ClientKeys.Keys keys, RateLimits.Draw votes) {
        Instant now = clock.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return new Network(enabled, today, keys.today(), keys.yesterday().orElse(null), 1 - dayElapsed(now), perDay,
                votes);
    }

    /**
     * The 429 with Retry-After for a ballot the statement refused: the network had cast {@code todays} ballots in the
     * poll today and {@code earlier} yesterday. (The statement admits a ballot while todays + ⌈earlier ×
     * yesterdaysShare⌉ is below the allowance: yesterday's ballots come back one whole ballot at a time as the day goes
     * on, none at midnight.)
     */
    public static ProblemException refusal(Network network, long todays, long earlier) {
        long seconds = retryAfter(todays, earlier, 1 - network.yesterdaysShare(), network.perDay());
        return new ProblemException(ProblemType.TOO_MANY_REQUESTS, "Your network has cast as many ballots in this "
                + "poll as one network may in a day; try again in " + seconds + " seconds.", null,
                Map.of("Retry-After", Long.toString(seconds)));
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
