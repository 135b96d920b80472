package nl.sed.samen.tenancy;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import nl.sed.samen.database.DatabaseFailures;
import nl.sed.samen.database.DatabaseReadiness;
import nl.sed.samen.database.DatabaseStartup;
import org.jboss.logging.Logger;

/**
 * The web origins each tenant allows to write from a browser, held in memory so the HTTP layer can check them without
 * a database call. Every instance reloads them from the database every few seconds, so an admin's change reaches all
 * instances within that interval (and the instance that made it at once).
 */
@ApplicationScoped
public class TenantOrigins {

    private static final Logger LOG = Logger.getLogger(TenantOrigins.class);

    private final TenantRepository tenants;
    private volatile Map<String, Set<String>> allowed = Map.of();

    public TenantOrigins(TenantRepository tenants) {
        this.tenants = tenants;
    }

    void load(@Observes DatabaseStartup.Ready event) {
        refresh();
    }

    @Scheduled(every = "${samen.cors.refresh-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = DatabaseReadiness.NotReady.class)
    @Transactional(Transactional.TxType.SUPPORTS)
    void refresh() {
        DatabaseFailures.runJob(LOG, "Refreshing the tenants' allowed origins", () -> allowed = tenants.listAll()
                .stream().collect(Collectors.toUnmodifiableMap(Tenant::slug, t -> Set.copyOf(t.allowedOrigins()))));
    }

    /** Whether the tenant is known to this instance (as of the last refresh). */
    public boolean exists(String tenant) {
        return allowed.containsKey(tenant);
    }

    /** The tenant's allowed origins (empty for an unknown tenant), e.g. for an iframe's frame-ancestors. */
    public Set<String> of(String tenant) {
        return allowed.getOrDefault(tenant, Set.of());
    }

    public boolean allows(String tenant, String origin) {
        Set<String> origins = allowed.get(tenant);
        return origins != null && origins.contains(origin);
    }
}
