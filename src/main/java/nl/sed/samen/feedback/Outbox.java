package nl.sed.samen.feedback;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The notification outbox: one row per address per consultation, known by the address's keyed hash. A row is
 * PENDING, then claimed (SENDING) in a transaction of its own before it is handed to the mail server, then SENT,
 * PENDING again (to retry), FAILED (given up) or SKIPPED (unsubscribed, past retention). A claim whose outcome was never
 * recorded ends as UNCONFIRMED and is not sent again. Whenever a row leaves PENDING and SENDING its address and key go.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Outbox {

    /** A claimed message and what goes in it. */
    record Claimed(UUID id, String tenant, UUID consultationId, String email, String emailKey, int attempts,
            String title, String summary, String decision, String decidedBy, String changes, String municipality) {
    }

    private static final String FORGET = "email = null, email_key = null, claimed_until = null";

    private final EntityManager entityManager;

    public Outbox(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** One message per address of the consultation's published reactions; a second call adds nothing. */
    int queue(String tenant, UUID consultationId, Instant now) {
        return entityManager.createNativeQuery("""
                insert into notification (id, tenant_slug, consultation_id, email, email_key, status, attempts,
                                          next_attempt_at, created_at)
                select gen_random_uuid(), ?1, ?2, min(email), email_key, 'PENDING', 0, ?3, ?3
                from reaction where consultation_id = ?2 and status = 'PUBLISHED' and email_key is not null
                group by email_key
                on conflict (consultation_id, email_key) do nothing""")
                .setParameter(1, tenant).setParameter(2, consultationId).setParameter(3, utc(now)).executeUpdate();
    }

    /** Claims the next due message (skipping those another instance holds) until {@code until}. */
    Optional<Claimed> claimNext(Instant now, Instant until) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                with due as (
                    select id from notification where status = 'PENDING' and next_attempt_at <= ?1
                    order by next_attempt_at, id limit 1 for update skip locked),
                claimed as (
                    update notification n set status = 'SENDING', attempts = n.attempts + 1, claimed_until = ?2
                    from due where n.id = due.id
                    returning n.id, n.tenant_slug, n.consultation_id, n.email, n.email_key, n.attempts)
                select claimed.id, claimed.tenant_slug, claimed.consultation_id, claimed.email, claimed.email_key,
                       claimed.attempts, c.title, c.feedback_summary, c.feedback_decision, c.feedback_decided_by,
                       c.feedback_changes, t.name
                from claimed join consultation c on c.id = claimed.consultation_id
                join tenant t on t.slug = claimed.tenant_slug""")
                .setParameter(1, utc(now)).setParameter(2, utc(until)).getResultList();
        return rows.stream().findFirst().map(r -> new Claimed((UUID) r[0], (String) r[1], (UUID) r[2], (String) r[3],
                (String) r[4], ((Number) r[5]).intValue(), (String) r[6], (String) r[7], (String) r[8], (String) r[9],
                (String) r[10], (String) r[11]));
    }

    void sent(UUID id, Instant now) {
        update("update notification set status = 'SENT', sent_at = ?2, last_error = null, " + FORGET
                + " where id = ?1 and status = 'SENDING'", id, utc(now));
    }

    void failed(UUID id, String error) {
        update("update notification set status = 'FAILED', last_error = ?2, " + FORGET
                + " where id = ?1 and status = 'SENDING'", id, error);
    }

    void retryAt(UUID id, String error, Instant next) {
        update("update notification set status = 'PENDING', last_error = ?2, next_attempt_at = ?3, "
                + "claimed_until = null where id = ?1 and status = 'SENDING'", id, error, utc(next));
    }

    /**
     * Claims that ran out without an outcome (an instance died while sending, or the database refused to record it):
     * the mail server may have accepted the message, so it is not sent again. Returns consultation and key of each,
     * for erasing the address from the reactions.
     */
    List<Object[]> closeExpiredClaims(Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                with expired as (select id, consultation_id, email_key from notification
                                 where status = 'SENDING' and claimed_until < ?1 for update skip locked)
                update notification n set status = 'UNCONFIRMED', last_error = 'outcome not recorded',
                       email = null, email_key = null, claimed_until = null
                from expired where n.id = expired.id
                returning expired.consultation_id, expired.email_key""").setParameter(1, utc(now)).getResultList();
        return rows;
    }

    /** One-click unsubscribe: the address leaves every message of the tenant; pending ones will not be sent. */
    int forget(String tenant, String emailKey) {
        return update("update notification set status = case when status = 'PENDING' then 'SKIPPED' else status end, "
                + "email = null, email_key = null where tenant_slug = ?1 and email_key = ?2", tenant, emailKey);
    }

    /** Retention: unsent messages older than the tenant's e-mail retention are skipped and forget the address. */
    public int forgetPastRetention(Instant now) {
        return update("update notification n set status = case when n.status = 'PENDING' then 'SKIPPED' "
                + "else n.status end, email = null, email_key = null from tenant t "
                + "where n.tenant_slug = t.slug and n.status <> 'SENDING' and (n.email is not null or n.email_key is not null) "
                + "and n.created_at < cast(?1 as timestamptz) - make_interval(days => t.email_retention_days)", utc(now));
    }

    private int update(String sql, Object... parameters) {
        var query = entityManager.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query.executeUpdate();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
