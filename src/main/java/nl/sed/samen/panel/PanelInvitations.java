package nl.sed.samen.panel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The panel_invitation table and the counts kept beside it (panel_response). An invitation knows its member (for the
 * reminder and so no one is invited twice) and whether it was used — not when, and nothing of what was answered.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class PanelInvitations {

    /** An invitation found by its link. */
    record Invitation(UUID id, UUID panelId, UUID consultationId, UUID memberId, boolean used) {
    }

    /** An unused invitation due for its one reminder. */
    record Due(UUID id, UUID memberId, byte[] emailCipher) {
    }

    private final EntityManager entityManager;

    public PanelInvitations(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** An invitation for this member, unless it has one for this consultation; false when it had. */
    boolean insertIfNew(UUID id, UUID panelId, UUID consultationId, String tenant, UUID memberId, byte[] tokenHash,
            Instant now) {
        return entityManager.createNativeQuery("""
                insert into panel_invitation (id, panel_id, consultation_id, tenant_slug, member_id, token_hash,
                                              created_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7) on conflict (consultation_id, member_id) do nothing""")
                .setParameter(1, id).setParameter(2, panelId).setParameter(3, consultationId).setParameter(4, tenant)
                .setParameter(5, memberId).setParameter(6, tokenHash).setParameter(7, Panels.utc(now))
                .executeUpdate() == 1;
    }

    void countInvited(UUID consultationId, UUID panelId, int invited) {
        entityManager.createNativeQuery("""
                insert into panel_response (consultation_id, panel_id, invited, responded) values (?1, ?2, ?3, 0)
                on conflict (consultation_id, panel_id) do update set invited = panel_response.invited + ?3""")
                .setParameter(1, consultationId).setParameter(2, panelId).setParameter(3, invited).executeUpdate();
    }

    /** The invitation behind a link of this tenant, locked for its use. */
    Optional<Invitation> byToken(String tenant, byte[] tokenHash) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select id, panel_id, consultation_id, member_id, used "
                + "from panel_invitation where token_hash = ?1 and tenant_slug = ?2 for update")
                .setParameter(1, tokenHash).setParameter(2, tenant).getResultList();
        return rows.stream().findFirst().map(r -> new Invitation((UUID) r[0], (UUID) r[1], (UUID) r[2], (UUID) r[3],
                (Boolean) r[4]));
    }

    /** Marks it used (no time is kept) and counts the response. */
    void use(Invitation invitation) {
        entityManager.createNativeQuery("update panel_invitation set used = true where id = ?1")
                .setParameter(1, invitation.id()).executeUpdate();
        entityManager.createNativeQuery("update panel_response set responded = responded + 1 "
                + "where consultation_id = ?1 and panel_id = ?2")
                .setParameter(1, invitation.consultationId()).setParameter(2, invitation.panelId()).executeUpdate();
    }

    /**
     * Unused, not yet reminded invitations older than {@code before}, of members still there, to consultations that
     * take input now; locked so two instances do not remind twice.
     */
    List<Due> dueForReminder(Instant before, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                select i.id, i.member_id, m.email_cipher from panel_invitation i
                join panel_member m on m.id = i.member_id
                join consultation c on c.id = i.consultation_id
                where not i.used and not i.reminded and i.created_at < ?1 and c.status = 'OPEN'
                  and (c.closes_at is null or c.closes_at > ?2)
                for update of i skip locked""")
                .setParameter(1, Panels.utc(before)).setParameter(2, Panels.utc(now)).getResultList();
        return rows.stream().map(r -> new Due((UUID) r[0], (UUID) r[1], (byte[]) r[2])).toList();
    }

    /** The reminder carries a fresh link: the first one stops working. */
    void reminded(UUID id, byte[] tokenHash) {
        entityManager.createNativeQuery("update panel_invitation set reminded = true, token_hash = ?2 where id = ?1")
                .setParameter(1, id).setParameter(2, tokenHash).executeUpdate();
    }

    /** Retention: invitations to consultations that are reported (their counts stay in panel_response). */
    int eraseReported() {
        return entityManager.createNativeQuery("delete from panel_invitation i using consultation c "
                + "where c.id = i.consultation_id and c.status = 'REPORTED'").executeUpdate();
    }
}
