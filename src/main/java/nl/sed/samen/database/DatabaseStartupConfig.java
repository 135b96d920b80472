package nl.sed.samen.database;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** How an instance waits for its database and whether it migrates it ({@code samen.database.*}). */
@ConfigMapping(prefix = "samen.database")
public interface DatabaseStartupConfig {

    /** Run the Liquibase migrations at start (under the migration lock); off: wait until someone else has. */
    @WithDefault("true")
    boolean migrateAtStart();

    /** Migrate, then exit with status 0: for a Kubernetes init container or a one-off migration run. */
    @WithDefault("false")
    boolean migrateAndExit();

    @WithName("wait")
    Wait waiting();

    /** The back-off while the database does not answer yet. */
    interface Wait {
        /** The first pause between attempts; each next pause doubles, up to max-delay. */
        @WithDefault("1S")
        Duration initialDelay();

        @WithDefault("15S")
        Duration maxDelay();

        /** Give up (exit with status 1, for the supervisor to restart the instance) after this long. */
        @WithDefault("10M")
        Duration timeout();

        /** How long one connection attempt may take. */
        @WithDefault("3S")
        Duration connectTimeout();
    }
}
