package nl.sed.samen.webhook;

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
 * The webhook outbox. A delivery is one event for one subscription: PENDING, claimed (SENDING) in a transaction of its
 * own, then DELIVERED, PENDING again (to retry, same id, same body), or FAILED after its last attempt. A claim that
 * ran out (an instance died mid-send) is PENDING again: at least once, so a receiver may see an id twice and must
 * treat the {@code webhook-id} as an idempotency key.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class WebhookOutbox {

    /** A claimed delivery, with what its attempt needs. */
    record Claimed(UUID id, UUID subscriptionId, String tenant, String eventType, String body, int attempts) {
    }

    /** One line of a subscription's delivery log. */
    public record Attempt(UUID id, UUID deliveryId, String eventType, int attempt, Instant attemptedAt,
            Integer statusCode, long durationMillis, String error, String responseExcerpt, String deliveryStatus) {
    }

    private final EntityManager entityManager;

    public WebhookOutbox(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Marks the event as happened for this entity; true only the first time (whichever instance or path is first).
     */
    boolean firstTime(UUID entityId, String type, Instant now) {
        return !entityManager.createNativeQuery("""
                insert into webhook_transition (entity_id, event_type, recorded_at) values (?1, ?2, ?3)
                on conflict do nothing returning entity_id""")
                .setParameter(1, entityId).setParameter(2, type).setParameter(3, utc(now)).getResultList().isEmpty();
    }

    /** One delivery for every active subscription of the tenant to this type; returns how many. */
    int fanOut(String tenant, String type, String body, Instant now) {
        return entityManager.createNativeQuery("""
                insert into webhook_delivery (id, tenant_slug, subscription_id, event_type, body, status, attempts,
                                              next_attempt_at, created_at)
                select gen_random_uuid(), s.tenant_slug, s.id, ?2, ?3, 'PENDING', 0, ?4, ?4
                from webhook_subscription s where s.tenant_slug = ?1 and s.active and ?2 = any (s.event_types)""")
                .setParameter(1, tenant).setParameter(2, type).setParameter(3, body).setParameter(4, utc(now))
                .executeUpdate();
    }

    /** A delivery to one subscription only (the test event); returns its id, which is its webhook-id. */
    UUID single(WebhookSubscription subscription, String type, String body, Instant now) {
        UUID id = UUID.randomUUID();
        entityManager.createNativeQuery("""
                insert into webhook_delivery (id, tenant_slug, subscription_id, event_type, body, status, attempts,
                                              next_attempt_at, created_at)
                values (?1, ?2, ?3, ?4, ?5, 'PENDING', 0, ?6, ?6)""")
                .setParameter(1, id).setParameter(2, subscription.tenant()).setParameter(3, subscription.id())
                .setParameter(4, type).setParameter(5, body).setParameter(6, utc(now)).executeUpdate();
        return id;
    }

    /** Claims the next due delivery of an active subscription, skipping those another instance holds. */
    Optional<Claimed> claimNext(Instant now, Instant until) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                with due as (
                    select d.id from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id
                    where d.status = 'PENDING' and d.next_attempt_at <= ?1 and s.active
                    order by d.next_attempt_at, d.id limit 1 for update of d skip locked)
                update webhook_delivery d set status = 'SENDING', attempts = d.attempts + 1, claimed_until = ?2
                from due where d.id = due.id
                returning d.id, d.subscription_id, d.tenant_slug, d.event_type, d.body, d.attempts""")
                .setParameter(1, utc(now)).setParameter(2, utc(until)).getResultList();
        return rows.stream().findFirst().map(r -> new Claimed((UUID) r[0], (UUID) r[1], (String) r[2], (String) r[3],
                (String) r[4], ((Number) r[5]).intValue()));
    }

    void log(Claimed delivery, Instant at, WebhookHttp.Outcome outcome) {
        entityManager.createNativeQuery("""
                insert into webhook_attempt (id, delivery_id, subscription_id, attempt, attempted_at, status_code,
                                             duration_ms, error, response_excerpt)
                values (gen_random_uuid(), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)""")
                .setParameter(1, delivery.id()).setParameter(2, delivery.subscriptionId())
                .setParameter(3, delivery.attempts()).setParameter(4, utc(at))
                .setParameter(5, outcome.status()).setParameter(6, (int) Math.min(Integer.MAX_VALUE,
                        outcome.durationMillis()))
                .setParameter(7, outcome.error()).setParameter(8, outcome.excerpt()).executeUpdate();
    }

    void delivered(UUID id, Instant now) {
        update("update webhook_delivery set status = 'DELIVERED', delivered_at = ?2, claimed_until = null "
                + "where id = ?1 and status = 'SENDING'", id, utc(now));
    }

    void retryAt(UUID id, Instant next) {
        update("update webhook_delivery set status = 'PENDING', next_attempt_at = ?2, claimed_until = null "
                + "where id = ?1 and status = 'SENDING'", id, utc(next));
    }

    void failed(UUID id) {
        update("update webhook_delivery set status = 'FAILED', claimed_until = null where id = ?1 and status = 'SENDING'",
                id);
    }

    /** Claims that ran out without an outcome are due again at once (the receiver may have had it: same id). */
    int releaseExpiredClaims(Instant now) {
        return update("""
                update webhook_delivery d set status = 'PENDING', next_attempt_at = ?1, claimed_until = null
                where d.id in (select id from webhook_delivery where status = 'SENDING' and claimed_until < ?1
                               for update skip locked)""", utc(now));
    }

    /** Due again now, same id and body; false if it is not a delivery of this subscription, or is being sent. */
    boolean redeliver(UUID subscriptionId, UUID deliveryId, Instant now) {
        return update("update webhook_delivery set status = 'PENDING', next_attempt_at = ?3 "
                + "where id = ?2 and subscription_id = ?1 and status <> 'SENDING'", subscriptionId, deliveryId,
                utc(now)) > 0;
    }

    boolean deliveryExists(UUID subscriptionId, UUID deliveryId) {
        return !entityManager.createNativeQuery("select 1 from webhook_delivery where id = ?1 and subscription_id = ?2")
                .setParameter(1, deliveryId).setParameter(2, subscriptionId).getResultList().isEmpty();
    }

    /** A failed attempt; returns the subscription's failures in a row now. */
    int countFailure(UUID subscriptionId) {
        List<?> rows = entityManager.createNativeQuery("update webhook_subscription set consecutive_failures = "
                + "consecutive_failures + 1 where id = ?1 returning consecutive_failures")
                .setParameter(1, subscriptionId).getResultList();
        return rows.isEmpty() ? 0 : ((Number) rows.get(0)).intValue();
    }

    void countSuccess(UUID subscriptionId) {
        update("update webhook_subscription set consecutive_failures = 0 where id = ?1 and consecutive_failures <> 0",
                subscriptionId);
    }

    /** Disables the subscription; true if it was active (so one instance records it). */
    boolean disable(UUID subscriptionId, Instant now) {
        return update("update webhook_subscription set active = false, disabled_at = ?2, updated_at = ?2, "
                + "version = version + 1 where id = ?1 and active", subscriptionId, utc(now)) > 0;
    }

    /** The subscription's attempts, newest first, after the given position. */
    @Transactional(Transactional.TxType.SUPPORTS)
    List<Attempt> attempts(UUID subscriptionId, Instant afterTime, UUID afterId, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                select a.id, a.delivery_id, d.event_type, a.attempt, a.attempted_at, a.status_code, a.duration_ms,
                       a.error, a.response_excerpt, d.status
                from webhook_attempt a join webhook_delivery d on d.id = a.delivery_id
                where a.subscription_id = ?1 and (cast(?2 as timestamptz) is null or (a.attempted_at, a.id) < (?2, ?3))
                order by a.attempted_at desc, a.id desc limit ?4""")
                .setParameter(1, subscriptionId).setParameter(2, afterTime == null ? null : utc(afterTime))
                .setParameter(3, afterId == null ? new UUID(0, 0) : afterId).setParameter(4, limit).getResultList();
        return rows.stream().map(r -> new Attempt((UUID) r[0], (UUID) r[1], (String) r[2], ((Number) r[3]).intValue(),
                instant(r[4]), r[5] == null ? null : ((Number) r[5]).intValue(), ((Number) r[6]).longValue(),
                (String) r[7], (String) r[8], (String) r[9])).toList();
    }

    private int update(String sql, Object... parameters) {
        var query = entityManager.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query.executeUpdate();
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        return (Instant) value;
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
