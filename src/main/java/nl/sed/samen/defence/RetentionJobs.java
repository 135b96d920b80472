package nl.sed.samen.defence;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.sed.samen.common.Clock;
import nl.sed.samen.feedback.Outbox;
import nl.sed.samen.moderation.FlagDetails;
import nl.sed.samen.panel.PanelJobs;
import nl.sed.samen.reaction.ReactionRepository;
import nl.sed.samen.database.DatabaseFailures;
import nl.sed.samen.database.DatabaseReadiness;
import org.jboss.logging.Logger;

/**
 * Forgets what Samen no longer needs. Every instance schedules it; a transaction-scoped advisory lock lets one do the
 * work at a time (and every statement is idempotent, so a repeat is harmless). Periods that are tenant settings
 * (e-mail retention) are read per tenant. What belongs to another feature's table is erased through that feature's
 * own code (reactions, the outbox, flags), so the same rule is never written twice.
 */
@ApplicationScoped
public class RetentionJobs {

    private static final Logger LOG = Logger.getLogger(RetentionJobs.class);
    /** An arbitrary, fixed key for pg_try_advisory_xact_lock. */
    private static final long LOCK = 0x53414D454EL;

    private static final Map<String, String> STATEMENTS = new LinkedHashMap<>();

    static {
        STATEMENTS.put("rate-limit buckets expired", "delete from rate_limit_allowance where expires_at < now()");
        // Bucket4j's table of the release before (changeset 018): empty an hour after the update, dropped later
        STATEMENTS.put("rate-limit buckets of the release before expired",
                "delete from rate_limit_bucket where expires_at < (extract(epoch from now()) * 1000)::bigint");
        STATEMENTS.put("proof-of-work solutions expired", "delete from proof_of_work_used where expires_at < now()");
        STATEMENTS.put("client keys older than a day erased",
                "delete from service_secret where name like 'client-key-%' and created_at < now() - interval '2 days'");
        // keyed by the daily client keys that go with them: today's and yesterday's rows are all the allowance needs
        STATEMENTS.put("per-network ballot counts older than yesterday deleted", "delete from poll_network_ballots "
                + "where day < (now() at time zone 'UTC')::date - 1");
    }

    private final EntityManager entityManager;
    private final ReactionRepository reactions;
    private final Outbox outbox;
    private final FlagDetails flags;
    private final PanelJobs panel;
    private final Clock clock;

    public RetentionJobs(EntityManager entityManager, ReactionRepository reactions, Outbox outbox, FlagDetails flags,
            PanelJobs panel, Clock clock) {
        this.panel = panel;
        this.entityManager = entityManager;
        this.reactions = reactions;
        this.outbox = outbox;
        this.flags = flags;
        this.clock = clock;
    }

    @Scheduled(every = "${samen.retention.interval}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = DatabaseReadiness.NotReady.class)
    void scheduled() {
        DatabaseFailures.runJob(LOG, "The retention clean-up", this::run);
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
        // what other features keep about residents is erased by their own code, versioned where it is an entity
        Instant now = clock.now();
        affected.put("repeat guards older than a day erased", reactions.eraseRepeatGuards(now));
        affected.put("e-mail addresses past retention erased", reactions.eraseAddressesPastRetention(now));
        affected.put("unsent messages past retention erased", outbox.forgetPastRetention(now));
        affected.put("withdrawn reactions erased", reactions.eraseWithdrawn());
        affected.put("flag client keys and comments past retention erased", flags.forgetPastRetention(now));
        affected.putAll(panel.run());
        if (affected.values().stream().anyMatch(n -> n > 0)) {
            LOG.infof("Retention: %s", affected);
        }
        return affected;
    }
}
