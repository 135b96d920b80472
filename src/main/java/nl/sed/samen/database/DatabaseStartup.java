package nl.sed.samen.database;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.liquibase.LiquibaseFactory;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import liquibase.Liquibase;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Brings the database to the schema this build expects before the service serves: waits (with bounded back-off, one
 * log line per attempt) until PostgreSQL answers, runs the Liquibase migrations under a PostgreSQL advisory lock (so
 * instances starting together take turns, and a Liquibase lock left by an instance that died mid-migration is known to
 * be stale and is released), then has Hibernate validate the mapped tables. Until then readiness is DOWN (liveness
 * stays UP: the process is fine, it is waiting) and the API answers 503 with Retry-After.
 *
 * <p>When the database answers at once this happens during start-up, as Quarkus' own migrate-at-start would; otherwise
 * the HTTP server starts and the waiting continues in the background.
 */
@ApplicationScoped
public class DatabaseStartup {

    private static final Logger LOG = Logger.getLogger(DatabaseStartup.class);
    /** pg_advisory_lock key for migrations ("SAMENDB"); RetentionJobs uses another. */
    static final long MIGRATION_LOCK = 0x53414D454E4442L;

    /** What the instance is doing about its database, as readiness reports it. */
    public enum State {
        WAITING_FOR_DATABASE("waiting for the database"),
        WAITING_FOR_MIGRATION_LOCK("waiting while another instance migrates"),
        MIGRATING("migrating"),
        WAITING_FOR_SCHEMA("waiting for the migrations (run elsewhere)"),
        READY("ready"),
        FAILED("failed");

        final String description;

        State(String description) {
            this.description = description;
        }
    }

    /** Fired once the schema is migrated and validated; observers may read the database from then on. */
    public record Ready() {
    }

    private final DatabaseStartupConfig config;
    private final AgroalDataSource dataSource;
    private final LiquibaseFactory liquibase;
    private final EntityManagerFactory entityManagerFactory;
    private final Event<Ready> ready;
    private final AtomicReference<State> state = new AtomicReference<>(State.WAITING_FOR_DATABASE);
    private volatile String lastProblem = "";

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    Optional<String> url;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    DatabaseStartup(DatabaseStartupConfig config, AgroalDataSource dataSource, LiquibaseFactory liquibase,
            EntityManagerFactory entityManagerFactory, Event<Ready> ready) {
        this.config = config;
        this.dataSource = dataSource;
        this.liquibase = liquibase;
        this.entityManagerFactory = entityManagerFactory;
        this.ready = ready;
    }

    public State state() {
        return state.get();
    }

    public boolean isReady() {
        return state.get() == State.READY;
    }

    /** The last reason the database was not usable yet, for readiness (no stack trace, no credentials). */
    public String lastProblem() {
        return lastProblem;
    }

    void start(@Observes StartupEvent event) {
        Instant deadline = Instant.now().plus(config.waiting().timeout());
        // the common case: the database answers, and start-up finishes migrated, as Quarkus' migrate-at-start would
        try {
            if (attempt(1)) {
                return;
            }
        } catch (FatalSchemaProblem e) {
            throw new IllegalStateException("The database schema could not be brought up to date", e.getCause());
        }
        Thread waiter = new Thread(() -> waitInBackground(deadline), "samen-database-startup");
        waiter.setDaemon(true);
        waiter.start();
    }

    private void waitInBackground(Instant deadline) {
        Duration delay = config.waiting().initialDelay();
        for (int attempt = 2; ; attempt++) {
            if (state.get() == State.WAITING_FOR_MIGRATION_LOCK) {
                delay = config.waiting().initialDelay(); // another instance's migration takes seconds: look again soon
            }
            if (Instant.now().plus(delay).isAfter(deadline)) {
                state.set(State.FAILED);
                LOG.errorf("The database was not usable within %s (%d attempts; last: %s); stopping, so that the "
                        + "supervisor starts the instance again (samen.database.wait.timeout)",
                        config.waiting().timeout(), attempt - 1, lastProblem);
                Quarkus.asyncExit(1);
                return;
            }
            LOG.warnf("Database not usable yet, %s (attempt %d: %s); trying again in %d ms",
                    state.get().description, attempt - 1, lastProblem, delay.toMillis());
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                if (attempt(attempt)) {
                    return;
                }
            } catch (FatalSchemaProblem e) {
                LOG.errorf(e.getCause(), "The database schema could not be brought up to date; stopping");
                Quarkus.asyncExit(1);
                return;
            }
            delay = min(delay.multipliedBy(2), config.waiting().maxDelay());
        }
    }

    /** A failure that waiting will not cure: a migration that fails, or a schema that does not match this build. */
    private static final class FatalSchemaProblem extends Exception {
        FatalSchemaProblem(Exception cause) {
            super(cause);
        }
    }

    /**
     * One try at connecting, migrating (or checking the migrations) and validating; true when done, false when the
     * database is not usable yet.
     */
    private boolean attempt(int attempt) throws FatalSchemaProblem {
        try {
            state.set(State.WAITING_FOR_DATABASE);
            probe();
            if (config.migrateAtStart()) {
                if (!migrate()) {
                    state.set(State.WAITING_FOR_MIGRATION_LOCK);
                    lastProblem = "another instance holds the migration lock";
                    return false;
                }
            } else {
                int pending = pendingChangeSets();
                if (pending > 0) {
                    state.set(State.WAITING_FOR_SCHEMA);
                    lastProblem = pending + " change set(s) not applied yet (samen.database.migrate-at-start=false)";
                    return false;
                }
            }
            entityManagerFactory.getSchemaManager().validate();
        } catch (Exception e) {
            if (!DatabaseFailures.unreachable(e)) {
                state.set(State.FAILED);
                throw new FatalSchemaProblem(e);
            }
            // gone again mid-way: migrations are transactional per change set, and the next attempt goes on from there
            state.compareAndSet(State.MIGRATING, State.WAITING_FOR_DATABASE);
            lastProblem = summary(e);
            return false;
        }
        state.set(State.READY);
        lastProblem = "";
        if (config.migrateAndExit()) {
            LOG.info("Migrations done; exiting (samen.database.migrate-and-exit)");
            Quarkus.asyncExit(0);
            return true;
        }
        if (attempt > 1) {
            LOG.infof("Database ready after %d attempts", attempt);
        }
        fireReady();
        return true;
    }

    /** A connection of its own, with a short connect timeout, so that waiting neither fills the pool nor its log. */
    private void probe() throws SQLException {
        Properties properties = new Properties();
        username.ifPresent(u -> properties.setProperty("user", u));
        password.ifPresent(p -> properties.setProperty("password", p));
        properties.setProperty("connectTimeout", String.valueOf(Math.max(1, config.waiting().connectTimeout().toSeconds())));
        properties.setProperty("loginTimeout", String.valueOf(Math.max(1, config.waiting().connectTimeout().toSeconds())));
        try (Connection connection = DriverManager.getConnection(url.orElseThrow(() -> new IllegalStateException(
                "No datasource URL configured")), properties); Statement statement = connection.createStatement()) {
            statement.execute("select 1");
        }
    }

    /** Migrates under the advisory lock; false when another instance holds it (it is migrating right now). */
    private boolean migrate() throws Exception {
        try (Connection lock = dataSource.getConnection(); Statement statement = lock.createStatement()) {
            if (!tryLock(statement)) {
                return false;
            }
            try {
                state.set(State.MIGRATING);
                releaseStaleLiquibaseLock(statement);
                try (Liquibase migrations = liquibase.createLiquibase()) {
                    migrations.update(liquibase.createContexts(), liquibase.createLabels());
                }
            } finally {
                statement.execute("select pg_advisory_unlock(" + MIGRATION_LOCK + ")");
            }
        }
        return true;
    }

    private static boolean tryLock(Statement statement) throws SQLException {
        try (ResultSet result = statement.executeQuery("select pg_try_advisory_lock(" + MIGRATION_LOCK + ")")) {
            result.next();
            return result.getBoolean(1);
        }
    }

    /**
     * Every migrating instance holds the advisory lock, which PostgreSQL releases when its session ends, so while we
     * hold it a taken Liquibase lock belongs to no one alive: an instance that was killed mid-migration.
     */
    private static void releaseStaleLiquibaseLock(Statement statement) throws SQLException {
        try (ResultSet table = statement.executeQuery("select to_regclass('databasechangeloglock') is not null")) {
            table.next();
            if (!table.getBoolean(1)) {
                return;
            }
        }
        try (ResultSet lock = statement.executeQuery(
                "select lockedby, lockgranted from databasechangeloglock where id = 1 and locked")) {
            if (!lock.next()) {
                return;
            }
            LOG.warnf("Releasing Liquibase's lock, taken by %s since %s: no instance holds the migration lock, so the "
                    + "one that took it stopped mid-migration", lock.getString(1), lock.getTimestamp(2));
        }
        statement.executeUpdate("update databasechangeloglock set locked = false, lockgranted = null, lockedby = null "
                + "where id = 1");
    }

    private int pendingChangeSets() throws Exception {
        try (Liquibase migrations = liquibase.createLiquibase()) {
            return migrations.listUnrunChangeSets(liquibase.createContexts(), liquibase.createLabels()).size();
        }
    }

    private void fireReady() {
        ManagedContext requestContext = Arc.container().requestContext();
        boolean activated = !requestContext.isActive();
        if (activated) {
            requestContext.activate();
        }
        try {
            ready.fire(new Ready());
        } catch (RuntimeException e) {
            LOG.warnf("A start-up task after the migration failed: %s", summary(e));
        } finally {
            if (activated) {
                requestContext.terminate();
            }
        }
    }

    /** The innermost cause, as one line without a stack trace. */
    static String summary(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage().lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + message;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
