package nl.sed.samen.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's database ceiling runs the service's own ballot statement (bench/sql/vote-insert.sql): everything
 * after the params row is the text of {@link BallotBox#CAST}, so a change to the statement that the script does not
 * follow fails here, not silently in a benchmark that measures another statement.
 */
class BallotStatementTest {

    @Test
    void theBenchmarksStatementIsTheServicesAfterItsParameters() throws IOException {
        String script = Files.readString(Path.of("bench", "sql", "vote-insert.sql"));
        String statement = script.substring(script.indexOf("with params as not materialized ("));
        assertEquals(afterParams(BallotBox.CAST), afterParams(statement.substring(0, statement.lastIndexOf(';'))));
    }

    /** The statement from its first CTE after params on, with its whitespace made single spaces. */
    private static String afterParams(String sql) {
        String normal = sql.replaceAll("\\s+", " ").trim();
        int next = normal.indexOf("), allowance as (");
        assertTrue(next > 0, "the take of the allowance follows params: " + normal);
        return normal.substring(next);
    }
}
