package nl.sed.samen.panel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import nl.sed.samen.common.AgeBand;
import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;

/**
 * The panel_member table: members known by a keyed hash of their address, the address itself only sealed
 * ({@link AddressVault}). Only this package writes it; leaving deletes the row, and with it every mail waiting for the
 * member (cascade) and the member's reference from invitations (set null).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class PanelMembers {

    /** A member as the rules need it: never the address in the clear. */
    record Member(UUID id, UUID panelId, String tenant, AgeBand ageBand, MemberStatus status, byte[] emailCipher,
            byte[] guardianCipher, Instant createdAt) {
    }

    private static final String SELECT = "select id, panel_id, tenant_slug, age_band, status, email_cipher, "
            + "guardian_cipher, created_at from panel_member";

    private final EntityManager entityManager;

    public PanelMembers(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Inserts a new sign-up unless the address is known in the panel; false when it was known. */
    boolean insertIfNew(UUID id, UUID panelId, String tenant, String area, AgeBand band, String emailKey,
            byte[] emailCipher, byte[] guardianCipher, byte[] linkHash, Instant now) {
        return entityManager.createNativeQuery("""
                insert into panel_member (id, panel_id, tenant_slug, area, age_band, email_key, email_cipher,
                                          guardian_cipher, status, link_hash, created_at, last_active_month)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'UNCONFIRMED', ?9, ?10, ?11)
                on conflict (panel_id, email_key) do nothing""")
                .setParameter(1, id).setParameter(2, panelId).setParameter(3, tenant).setParameter(4, area)
                .setParameter(5, band.name()).setParameter(6, emailKey).setParameter(7, emailCipher)
                .setParameter(8, bytes(guardianCipher)).setParameter(9, bytes(linkHash)).setParameter(10, Panels.utc(now))
                .setParameter(11, month(now)).executeUpdate() == 1;
    }

    Optional<Member> byKey(UUID panelId, String emailKey) {
        return one(SELECT + " where panel_id = ?1 and email_key = ?2 for update", panelId, emailKey);
    }

    /** The member a pending link stands for, in this tenant and status, locked for the change it makes. */
    Optional<Member> byLink(String tenant, byte[] linkHash, MemberStatus status) {
        return one(SELECT + " where link_hash = ?1 and tenant_slug = ?2 and status = ?3 for update", linkHash, tenant,
                status.name());
    }

    Optional<Member> byId(UUID id) {
        return one(SELECT + " where id = ?1", id);
    }

    void newLink(UUID id, byte[] linkHash) {
        update("update panel_member set link_hash = ?2 where id = ?1", id, bytes(linkHash));
    }

    /** Confirmed by the member: on to the guardian (with a new link; the guardian's address leaves the row) or active. */
    void confirmed(UUID id, MemberStatus next, byte[] guardianLinkHash, Instant now) {
        update("update panel_member set status = ?2, link_hash = ?3, guardian_cipher = null, last_active_month = ?4 "
                + "where id = ?1", id, next.name(), bytes(guardianLinkHash), month(now));
    }

    void activated(UUID id, Instant now) {
        update("update panel_member set status = 'ACTIVE', link_hash = null, last_active_month = ?2 where id = ?1", id,
                month(now));
    }

    /** Took part (used an invitation): counts as activity for retention, to the month only. */
    void tookPart(UUID id, Instant now) {
        update("update panel_member set last_active_month = ?2, notice_sent_at = null where id = ?1", id, month(now));
    }

    /**
     * Leaving: the member goes, with its unused invitations and waiting mails; a used invitation stays as a count,
     * without the member (set null).
     */
    boolean erase(UUID id) {
        update("delete from panel_invitation where member_id = ?1 and not used", id);
        return update("delete from panel_member where id = ?1", id) == 1;
    }

    /** Active members of a panel, for invitations. */
    List<Member> active(UUID panelId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(SELECT + " where panel_id = ?1 and status = 'ACTIVE'")
                .setParameter(1, panelId).getResultList();
        return rows.stream().map(PanelMembers::member).toList();
    }

    /** Retention: sign-ups not confirmed (by the member, or the guardian) before {@code before}. */
    int eraseUnconfirmed(Instant before) {
        return update("delete from panel_member where status <> 'ACTIVE' and created_at < ?1", Panels.utc(before));
    }

    /** Retention: the unused invitations of members noticed before {@code before}, then the members themselves. */
    int eraseNoticedBefore(Instant before) {
        update("delete from panel_invitation i using panel_member m where m.id = i.member_id and not i.used "
                + "and m.notice_sent_at < ?1", Panels.utc(before));
        return update("delete from panel_member where notice_sent_at < ?1", Panels.utc(before));
    }

    /** Active members whose last activity was in a month before {@code before}'s and who had no notice yet. */
    List<Member> dueForNotice(Instant before) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(SELECT + " where status = 'ACTIVE' and "
                + "notice_sent_at is null and last_active_month < ?1 for update skip locked")
                .setParameter(1, month(before)).getResultList();
        return rows.stream().map(PanelMembers::member).toList();
    }

    void noticeSent(UUID id, Instant now) {
        update("update panel_member set notice_sent_at = ?2 where id = ?1", id, Panels.utc(now));
    }


    private Optional<Member> one(String sql, Object... parameters) {
        var query = entityManager.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().findFirst().map(PanelMembers::member);
    }

    private int update(String sql, Object... parameters) {
        var query = entityManager.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query.executeUpdate();
    }

    private static Member member(Object[] r) {
        return new Member((UUID) r[0], (UUID) r[1], (String) r[2], AgeBand.valueOf((String) r[3]),
                MemberStatus.valueOf((String) r[4]), (byte[]) r[5], (byte[]) r[6], Panels.instant(r[7]));
    }

    /** A bytea parameter that may be null (an untyped null would not be bound as bytea). */
    static TypedParameterValue<byte[]> bytes(byte[] value) {
        return new TypedParameterValue<>(StandardBasicTypes.BINARY, value);
    }

    static LocalDate month(Instant now) {
        return now.atOffset(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
    }
}
