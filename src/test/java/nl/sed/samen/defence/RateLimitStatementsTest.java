package nl.sed.samen.defence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import nl.sed.samen.testsupport.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The rate limiter's SQL: the bucket's arithmetic (changeset 018's functions), and the durability of its statements —
 * its own skips the wait for the WAL flush, for its transaction only; nothing else does, and the take a ballot makes
 * in its own statement commits with the ballot, durably.
 */
@QuarkusTest
class RateLimitStatementsTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void onlyTheLimitersOwnTransactionsSkipTheFlushWait() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            // the embedded test server runs with synchronous_commit off; production servers with on
            execute(connection, "set synchronous_commit to on");
            connection.setAutoCommit(false);
            assertEquals("on", synchronousCommit(connection), "votes and reactions wait for the flush");
            String bucket = "test:durability:" + System.nanoTime();
            try (PreparedStatement take = connection.prepareStatement(RateLimits.TAKE)) {
                take.setString(1, bucket);
                take.setDouble(2, 10);
                take.setDouble(3, 3600);
                take.setLong(4, 0);
                take.setInt(5, RateLimits.LEVELS);
                try (ResultSet result = take.executeQuery()) {
                    result.next();
                    assertEquals(0, result.getInt(2), "taken, within the free allowance");
                }
            }
            try (Statement statement = connection.createStatement();
                 ResultSet left = statement.executeQuery("select tokens from rate_limit_allowance where id = '"
                         + bucket + "'")) {
                left.next();
                assertEquals(9.0, left.getDouble(1), 1e-9, "one token taken from a new, full bucket");
            }
            assertEquals("off", synchronousCommit(connection), "the take's transaction skips the flush wait");
            connection.commit();
            assertEquals("on", synchronousCommit(connection), "the setting ends with its transaction");
            connection.setAutoCommit(true);
            execute(connection, "reset synchronous_commit");
        }
        assertFalse(RateLimits.TAKE_CTE.contains("synchronous_commit"),
                "the take within the ballot statement commits with the ballot, which waits for the flush");
    }

    @Test
    void levelsGrowWithTheExcessOverTheFreeAllowance() {
        // the level a take leaves a bucket at, from the tokens before it: a band of 200 in a bucket of 300
        assertEquals(0, level(200, 300), "the first request of a full bucket");
        assertEquals(0, level(200, 201), "the last free one");
        assertEquals(1, level(200, 200));
        assertEquals(1, level(200, 151.5));
        assertEquals(2, level(200, 150));
        assertEquals(3, level(200, 100));
        assertEquals(4, level(200, 50));
        assertEquals(4, level(200, 1), "the last admitted one");
        assertEquals(0, level(0, 1), "no band: free until the 429");
        assertEquals(1, level(1, 1), "a band of one: the lowest level");
        assertEquals(0, level(0, 0.5), "no band and no whole token: no level (the take fails on the token)");
    }

    @Test
    void aBucketRefillsEvenlyUpToItsCapacity() {
        // 600 an hour: one every 6 s
        assertEquals(14.0, refilled(4, "60 seconds", 600, 3600), 1e-9, "4 and ten more after a minute");
        assertEquals(600.0, refilled(4, "2 hours", 600, 3600), 1e-9, "never past capacity");
        assertEquals(4.0, refilled(4, "-5 seconds", 600, 3600), 1e-9, "no tokens from a clock that went back");
    }

    private static long level(long band, double tokens) {
        return Database.count("select rate_limit_level(" + band + ", " + tokens + ")");
    }

    private static double refilled(double tokens, String ago, double capacity, double period) {
        return Double.parseDouble(Database.text("select rate_limit_refilled(" + tokens + ", now() - interval '" + ago
                + "', now(), " + capacity + ", " + period + ")"));
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String synchronousCommit(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("show synchronous_commit")) {
            result.next();
            return result.getString(1);
        }
    }
}
