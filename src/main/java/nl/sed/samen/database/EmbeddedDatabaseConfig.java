package nl.sed.samen.database;

import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The service's embedded default: when no datasource URL is configured, start a real PostgreSQL from Maven Central's
 * binaries and point the datasource at it. A configured {@code quarkus.datasource.jdbc.url} (or
 * {@code QUARKUS_DATASOURCE_JDBC_URL}) always wins, and then no embedded database is started. Tests bring their own
 * database, and the production build does not contain the binaries at all.
 */
public class EmbeddedDatabaseConfig implements ConfigSourceFactory {

    static final String URL = "quarkus.datasource.jdbc.url";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        // UNSET: the build (augmentation) reads configuration too, and must not start a database
        if (ExecutionMode.current() == ExecutionMode.UNSET || isSet(context.getValue(URL)) || !enabled(context)
                || context.getProfiles().contains("test")) {
            return List.of();
        }
        String dataDirectory = valueOr(context, "samen.embedded-database.data-directory", "data/postgres");
        int port = Integer.parseInt(valueOr(context, "samen.embedded-database.port", "54320"));
        String url = EmbeddedPostgresLauncher.start(dataDirectory, port);
        return List.of(new PropertiesConfigSource(Map.of(URL, url, "quarkus.datasource.username", "postgres"),
                "samen-embedded-postgres", 50));
    }

    @Override
    public java.util.OptionalInt getPriority() {
        return java.util.OptionalInt.of(50);
    }

    private static boolean enabled(ConfigSourceContext context) {
        return Boolean.parseBoolean(valueOr(context, "samen.embedded-database.enabled", "true"));
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    private static String valueOr(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return isSet(value) ? value.getValue() : fallback;
    }
}
