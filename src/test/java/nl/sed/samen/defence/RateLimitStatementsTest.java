package nl.sed.samen.defence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The rate limiter's transactions skip the wait for the WAL flush; nothing else on the pool does. */
@QuarkusTest
class RateLimitDurabilityTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void onlyTheLimitersTransactionsSkipTheFlushWait() throws SQLException {
        DataSource limiter = RateLimits.withoutFlushWait(dataSource);
        try (Connection connection = limiter.getConnection()) {
            // the embedded test server runs with synchronous_commit off; production servers with on
            execute(connection, "set synchronous_commit to on");
            connection.setAutoCommit(false);
            assertEquals("off", synchronousCommit(connection));
            connection.commit();
            assertEquals("on", synchronousCommit(connection), "the setting ends with its transaction");
            connection.rollback();
            connection.setAutoCommit(true);
            assertEquals("on", synchronousCommit(connection));
            execute(connection, "reset synchronous_commit");
        }
        try (Connection connection = dataSource.getConnection()) {
            execute(connection, "set synchronous_commit to on");
            connection.setAutoCommit(false);
            assertEquals("on", synchronousCommit(connection), "votes and reactions keep waiting for the flush");
            connection.rollback();
            connection.setAutoCommit(true);
            execute(connection, "reset synchronous_commit");
        }
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
