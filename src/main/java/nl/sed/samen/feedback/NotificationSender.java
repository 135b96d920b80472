package nl.sed.samen.feedback;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import nl.sed.samen.common.Clock;
import nl.sed.samen.database.DatabaseReadiness;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends the queued feedback messages. Any number of instances may run this at once: each locks the rows it takes
 * ({@code FOR UPDATE SKIP LOCKED}), so a message goes out once. A message that was handed to the mail server is marked
 * sent in the same transaction, and the address is erased from the message and from the reactions; a failing server
 * is retried with exponential back-off, and after the last attempt the address is erased all the same.
 */
@ApplicationScoped
public class NotificationSender {

    private static final Logger LOG = Logger.getLogger(NotificationSender.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration LAST_RETRY = Duration.ofHours(6);

    private final EntityManager entityManager;
    private final Mailer mailer;
    private final Clock clock;
    private final int batchSize;
    private final int maxAttempts;

    public NotificationSender(EntityManager entityManager, Mailer mailer, Clock clock,
            @ConfigProperty(name = "samen.notifications.batch-size") int batchSize,
            @ConfigProperty(name = "samen.notifications.max-attempts") int maxAttempts) {
        this.entityManager = entityManager;
        this.mailer = mailer;
        this.clock = clock;
        this.batchSize = batchSize;
        this.maxAttempts = maxAttempts;
    }

    @Scheduled(every = "${samen.notifications.interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = DatabaseReadiness.NotReady.class)
    void scheduled() {
        int sent = sendDue();
        if (sent > 0) {
            LOG.infof("Sent %d feedback message(s)", sent);
        }
    }

    /** Sends the messages that are due now; returns how many were sent. */
    @Transactional
    public int sendDue() {
        Instant now = clock.now();
        @SuppressWarnings("unchecked")
        List<Object[]> due = entityManager.createNativeQuery("""
                select n.id, n.email, n.email_key, n.attempts, n.consultation_id, c.title, c.feedback_summary,
                       c.feedback_decision, c.feedback_decided_by, c.feedback_changes, t.name
                from notification n
                join consultation c on c.id = n.consultation_id
                join tenant t on t.slug = n.tenant_slug
                where n.status = 'PENDING' and n.next_attempt_at <= ?1
                order by n.next_attempt_at, n.id
                limit ?2
                for update of n skip locked""")
                .setParameter(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).setParameter(2, batchSize)
                .getResultList();
        int sent = 0;
        for (Object[] row : due) {
            UUID id = (UUID) row[0];
            int attempts = ((Number) row[3]).intValue() + 1;
            String error = null;
            try {
                mailer.send(message((String) row[1], (String) row[5], (String) row[6], (String) row[7],
                        (String) row[8], (String) row[9], (String) row[10]));
            } catch (RuntimeException e) {
                error = e.getClass().getSimpleName();
            }
            if (error == null) {
                finish(id, (UUID) row[4], (String) row[2], "SENT", attempts, null);
                sent++;
            } else if (attempts >= maxAttempts) {
                LOG.warnf("Feedback message %s failed %d times (%s); giving up and erasing the address", id, attempts,
                        error);
                finish(id, (UUID) row[4], (String) row[2], "FAILED", attempts, error);
            } else {
                LOG.infof("Feedback message %s failed (%s); attempt %d of %d", id, error, attempts, maxAttempts);
                entityManager.createNativeQuery("update notification set attempts = ?2, last_error = ?3, "
                                + "next_attempt_at = ?4 where id = ?1")
                        .setParameter(1, id).setParameter(2, attempts).setParameter(3, error)
                        .setParameter(4, OffsetDateTime.ofInstant(now.plus(backoff(attempts)), ZoneOffset.UTC))
                        .executeUpdate();
            }
        }
        return sent;
    }

    /** 30 s, 1 min, 2 min, … doubling, at most 6 h. */
    static Duration backoff(int attempts) {
        Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 20));
        return delay.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : delay;
    }

    private void finish(UUID id, UUID consultationId, String emailKey, String status, int attempts, String error) {
        entityManager.createNativeQuery("update notification set status = ?2, attempts = ?3, last_error = ?4, "
                        + "email = null" + ("SENT".equals(status) ? ", sent_at = now()" : "") + " where id = ?1")
                .setParameter(1, id).setParameter(2, status).setParameter(3, attempts).setParameter(4, error)
                .executeUpdate();
        entityManager.createNativeQuery("update reaction set email = null "
                        + "where consultation_id = ?1 and lower(email) = ?2")
                .setParameter(1, consultationId).setParameter(2, emailKey).executeUpdate();
    }

    private static Mail message(String to, String title, String summary, String decision, String decidedBy,
            String changes, String municipality) {
        StringBuilder text = new StringBuilder()
                .append("Beste deelnemer,\n\n")
                .append("U reageerde op de raadpleging \"").append(title).append("\" van de gemeente ")
                .append(municipality).append(". Dit is wat er met de inbreng is gedaan.\n\n")
                .append("Wat we hoorden:\n").append(summary).append("\n\n")
                .append("Het besluit").append(decidedBy == null ? "" : " (" + decidedBy + ")").append(":\n")
                .append(decision).append("\n\n");
        if (changes != null && !changes.isBlank()) {
            text.append("Wat er veranderde door uw inbreng:\n").append(changes).append("\n\n");
        }
        text.append("Dank voor uw bijdrage. Uw e-mailadres is na het versturen van dit bericht verwijderd.\n\n")
                .append("Gemeente ").append(municipality).append("\n");
        return Mail.withText(to, "Terugkoppeling: " + title, text.toString());
    }
}
