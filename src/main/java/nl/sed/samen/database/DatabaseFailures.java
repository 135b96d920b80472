package nl.sed.samen.database;

import java.sql.SQLException;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * What counts as "the database is away" (refused, cut, starting up, shutting down, or no pooled connection within the
 * acquisition timeout), in one place: the start-up waits on it, a request answers it with a 503 and Retry-After, and a
 * background job that meets it logs one WARN line and runs again on its next tick — none of them an ERROR with a
 * stack trace, because nothing is wrong with the service.
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /**
     * Whether the failure, one of its causes or one of their suppressed exceptions (where a failed commit hides it in
     * the transaction manager's) is the database not answering.
     */
    public static boolean unreachable(Throwable e) {
        return causedBy(e, DatabaseFailures::isUnreachable);
    }

    private static boolean isUnreachable(Throwable t) {
        return t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                || t instanceof java.net.SocketTimeoutException || t instanceof java.io.EOFException
                || t instanceof java.sql.SQLTransientException
                || t instanceof org.hibernate.exception.JDBCConnectionException
                || t instanceof SQLException sql && (sql.getSQLState() != null
                        && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))
                        // every pooled connection stayed busy for the whole acquisition timeout
                        || sql.getMessage() != null && sql.getMessage().contains("acquisition timeout"));
    }

    /** Whether the exception, one of its causes or one of their suppressed exceptions matches (bounded depth). */
    public static boolean causedBy(Throwable t, Predicate<Throwable> matches) {
        return causedBy(t, matches, 0);
    }

    private static boolean causedBy(Throwable t, Predicate<Throwable> matches, int depth) {
        if (t == null || depth > 10) {
            return false;
        }
        if (matches.test(t)) {
            return true;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (causedBy(suppressed, matches, depth + 1)) {
                return true;
            }
        }
        return t.getCause() != t && causedBy(t.getCause(), matches, depth + 1);
    }

    /**
     * Runs the body of a scheduled job. The database going away while it runs (a restart, a fail-over) is logged as one
     * WARN line, and the job simply runs again on its next tick; any other failure goes to the scheduler, which logs
     * it as the ERROR it is.
     */
    public static void runJob(Logger log, String job, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException e) {
            if (!unreachable(e)) {
                throw e;
            }
            log.warnf("%s did not run to the end: the database is unavailable (%s); it runs again on its next tick",
                    job, DatabaseStartup.summary(e));
        }
    }
}
