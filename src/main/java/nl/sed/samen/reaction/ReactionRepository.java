package nl.sed.samen.reaction;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.sed.samen.common.Keyset;
import nl.sed.samen.common.PageRequest;

/**
 * Reactions in the database; single ones are loaded with their chain by {@code participation.Scopes}. Besides the
 * page reads, this is the one place that erases what a reaction holds about its author in bulk (the e-mail address,
 * the repeat guard, a withdrawn reaction's fields): every such statement bumps the version, so a moderator's decision
 * on a copy loaded before fails with a 409 instead of writing it back.
 */
@ApplicationScoped
public class ReactionRepository implements PanacheRepositoryBase<Reaction, UUID> {

    private static final String ERASE_ADDRESS = "update reaction set email = null, email_key = null, "
            + "version = version + 1 where email is not null and ";

    private final AddressKeys addressKeys;

    public ReactionRepository(AddressKeys addressKeys) {
        this.addressKeys = addressKeys;
    }

    /** One page of the consultation's reactions in these statuses (what the viewer may see), newest first. */
    public List<Reaction> page(UUID consultationId, Set<ReactionStatus> statuses, PageRequest page) {
        return Keyset.newestFirst(this, "consultationId = :consultation and status in :statuses",
                Parameters.with("consultation", consultationId).and("statuses", statuses),
                "createdAt", page);
    }

    /** After the feedback message to this address was sent or given up: the address leaves the consultation's reactions. */
    public int eraseAddress(UUID consultationId, String emailKey) {
        return erase(ERASE_ADDRESS + "consultation_id = ?1 and email_key = ?2", consultationId, emailKey);
    }

    /** One-click unsubscribe: the address leaves every reaction of the tenant. */
    public int eraseAddressEverywhere(String tenant, String emailKey) {
        return erase(ERASE_ADDRESS + "tenant_slug = ?1 and email_key = ?2", tenant, emailKey);
    }

    /** When the feedback goes out: authors of reactions that are not published will not hear back, so forget them. */
    public int eraseAddressesNotPublished(UUID consultationId) {
        return erase(ERASE_ADDRESS + "consultation_id = ?1 and status <> 'PUBLISHED'", consultationId);
    }

    /** Retention: addresses older than the tenant's e-mail retention period. */
    public int eraseAddressesPastRetention(Instant now) {
        return erase("update reaction r set email = null, email_key = null, version = r.version + 1 from tenant t "
                + "where r.tenant_slug = t.slug and r.email is not null "
                + "and r.created_at < cast(?1 as timestamptz) - make_interval(days => t.email_retention_days)", utc(now));
    }

    /** Retention: the repeat guard (client key and text hash) after a day. */
    public int eraseRepeatGuards(Instant now) {
        return erase("update reaction set client_key = null, body_hash = null, version = version + 1 "
                + "where client_key is not null and created_at < cast(?1 as timestamptz) - interval '1 day'", utc(now));
    }

    /** Retention, as a safety net: a withdrawn reaction holds nothing of its author (withdrawal itself erases it). */
    public int eraseWithdrawn() {
        return erase("update reaction set body = null, display_name = null, email = null, email_key = null, "
                + "age_band = null, area = null, client_key = null, body_hash = null, version = version + 1 "
                + "where status = 'WITHDRAWN' and (body is not null or display_name is not null or email is not null "
                + "or age_band is not null or area is not null or client_key is not null or body_hash is not null)");
    }

    /** Addresses stored before they were keyed get their key, so the outbox and unsubscribe can find them. */
    public int keyLegacyAddresses(UUID consultationId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager().createNativeQuery("select id, tenant_slug, email from reaction "
                + "where consultation_id = ?1 and email is not null and email_key is null")
                .setParameter(1, consultationId).getResultList();
        for (Object[] row : rows) {
            erase("update reaction set email_key = ?2, version = version + 1 where id = ?1", row[0],
                    addressKeys.key((String) row[1], (String) row[2]));
        }
        return rows.size();
    }

    private int erase(String sql, Object... parameters) {
        var query = getEntityManager().createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query.executeUpdate();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
