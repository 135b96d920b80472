package nl.sed.samen.defence;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.sed.samen.database.DatabaseReadiness;
import org.jboss.logging.Logger;

/**
 * Forgets what Samen no longer needs. Every instance schedules it; a transaction-scoped advisory lock lets one do the
 * work at a time (and every statement is idempotent, so a repeat is harmless). Periods that are tenant settings
 * (e-mail retention) are read per tenant.
 */
@ApplicationScoped
public class RetentionJobs {

    private static final Logger LOG = Logger.getLogger(RetentionJobs.class);
    /** An arbitrary, fixed key for pg_try_advisory_xact_lock. */
    private static final long LOCK = 0x53414D454EL;

    private static final Map<String, String> STATEMENTS = new LinkedHashMap<>();

    static {
        STATEMENTS.put("rate-limit buckets expired",
                "delete from rate_limit_bucket where expires_at < (extract(epoch from now()) * 1000)::bigint");
        STATEMENTS.put("proof-of-work solutions expired", "delete from proof_of_work_used where expires_at < now()");
        STATEMENTS.put("client keys older than a day erased",
                "delete from service_secret where name like 'client-key-%' and created_at < now() - interval '2 days'");
        STATEMENTS.put("repeat guards older than a day erased", "update reaction set client_key = null, body_hash = null "
                + "where client_key is not null and created_at < now() - interval '1 day'");
        STATEMENTS.put("e-mail addresses past retention erased", "update reaction r set email = null from tenant t "
                + "where r.tenant_slug = t.slug and r.email is not null "
                + "and r.created_at < now() - make_interval(days => t.email_retention_days)");
        STATEMENTS.put("unsent messages past retention erased", "update notification n set email = null, "
                + "status = case when n.status = 'PENDING' then 'SKIPPED' else n.status end from tenant t "
                + "where n.tenant_slug = t.slug and n.email is not null "
                + "and n.created_at < now() - make_interval(days => t.email_retention_days)");
        STATEMENTS.put("withdrawn reactions erased", "update reaction set body = null, display_name = null, "
                + "email = null, age_band = null, area = null, client_key = null, body_hash = null "
                + "where status = 'WITHDRAWN' and (body is not null or display_name is not null or email is not null "
                + "or age_band is not null or area is not null or client_key is not null)");
    }

    private final EntityManager entityManager;

    public RetentionJobs(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Scheduled(every = "${samen.retention.interval}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = DatabaseReadiness.NotReady.class)
    void scheduled() {
        run();
    }

    /** Runs every clean-up once; returns rows affected per clean-up (empty when another instance holds the lock). */
    @Transactional
    public Map<String, Integer> run() {
        Boolean locked = (Boolean) entityManager.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
                .setParameter(1, LOCK).getSingleResult();
        Map<String, Integer> affected = new LinkedHashMap<>();
        if (!Boolean.TRUE.equals(locked)) {
            return affected;
        }
        STATEMENTS.forEach((name, sql) -> affected.put(name, entityManager.createNativeQuery(sql).executeUpdate()));
        if (affected.values().stream().anyMatch(n -> n > 0)) {
            LOG.infof("Retention: %s", affected);
        }
        return affected;
    }
}
