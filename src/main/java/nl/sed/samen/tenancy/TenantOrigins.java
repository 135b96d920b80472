package nl.sed.samen.tenancy;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
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
 * instances within that interval (and the instance that made it at once). With them, which tenants share a joint
 * project with which ({@link #partnersOf}): a write to a joint item is accepted from the origins of every municipality
 * taking part, so the HTTP layer lets a partner's origin through and the item's scope decides.
 */
@ApplicationScoped
public class TenantOrigins {

    private static final Logger LOG = Logger.getLogger(TenantOrigins.class);

    private final TenantRepository tenants;
    private volatile Map<String, Set<String>> allowed = Map.of();
    private volatile Map<String, Set<String>> partners = Map.of();

    public TenantOrigins(TenantRepository tenants) {
        this.tenants = tenants;
    }

    void load(@Observes DatabaseStartup.Ready event) {
        refresh();
    }

    @Scheduled(every = "${samen.cors.refresh-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = DatabaseReadiness.NotReady.class)
    @Transactional(Transactional.TxType.SUPPORTS)
    @ActivateRequestContext
    public void refresh() {
        DatabaseFailures.runJob(LOG, "Refreshing the tenants' allowed origins", () -> {
            allowed = tenants.listAll().stream()
                    .collect(Collectors.toUnmodifiableMap(Tenant::slug, t -> Set.copyOf(t.allowedOrigins())));
            partners = tenants.partners();
        });
    }

    /** The tenants that share at least one joint project with this one (as of the last refresh). */
    public Set<String> partnersOf(String tenant) {
        return partners.getOrDefault(tenant, Set.of());
    }

    /**
     * The tenants that allow this origin and share a joint project with this tenant: empty when none does (or the
     * tenant allows the origin itself, which needs no partner).
     */
    public Set<String> partnersAllowing(String tenant, String origin) {
        return partnersOf(tenant).stream().filter(partner -> allows(partner, origin))
                .collect(Collectors.toUnmodifiableSet());
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
