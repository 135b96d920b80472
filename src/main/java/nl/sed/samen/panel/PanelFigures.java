package nl.sed.samen.panel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.sed.samen.common.AgeBand;
import nl.sed.samen.common.GroupCount;
import nl.sed.samen.common.WireEnums;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The panel's figures, without personal data: active members per municipality and per age band (small groups
 * suppressed by {@link GroupCount}), and per consultation how many were invited and how many took part (the response
 * suppressed when it, or those who did not respond, are fewer than {@link GroupCount#MINIMUM}: either follows from the
 * other). Counts only of active members; sign-ups waiting for confirmation are not members yet.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class PanelFigures {

    @Schema(name = "PanelFigures")
    public record OfPanel(UUID panelId,
            @Schema(nullable = true, description = "Active members; null when fewer than minimumGroupSize")
            Long members,
            List<GroupCount> membersByMunicipality, List<GroupCount> membersByAgeBand,
            List<ResponseRate> consultations, int minimumGroupSize) {
    }

    @Schema(name = "PanelTenantFigures", description = "The panels' figures for one municipality")
    public record OfTenant(
            @Schema(description = "Active panel members living in this municipality, per age band")
            List<GroupCount> membersByAgeBand,
            @Schema(description = "Response per consultation of this municipality that invited a panel")
            List<ResponseRate> consultations) {
    }

    @Schema(name = "PanelResponseRate")
    public record ResponseRate(UUID consultationId, UUID panelId, long invited,
            @Schema(nullable = true, description = "Invitations used; null when suppressed") Long responded,
            @Schema(nullable = true, description = "responded / invited, 0 to 1; null when suppressed") Double rate,
            boolean suppressed) {

        static ResponseRate of(UUID consultationId, UUID panelId, long invited, long responded) {
            if (responded < GroupCount.MINIMUM || invited - responded < GroupCount.MINIMUM) {
                return new ResponseRate(consultationId, panelId, invited, null, null, invited > 0);
            }
            return new ResponseRate(consultationId, panelId, invited, responded,
                    Math.round(responded * 1000.0 / invited) / 1000.0, false);
        }
    }

    private final EntityManager entityManager;

    public PanelFigures(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** A panel's figures, in three queries. */
    public OfPanel of(Panel panel) {
        Map<String, Long> byTenant = new LinkedHashMap<>();
        Map<String, Long> byBand = new LinkedHashMap<>();
        long total = 0;
        for (Object[] row : rows("select tenant_slug, age_band, count(*) from panel_member where panel_id = ?1 "
                + "and status = 'ACTIVE' group by tenant_slug, age_band", panel.id())) {
            long n = ((Number) row[2]).longValue();
            byTenant.merge((String) row[0], n, Long::sum);
            byBand.merge(WireEnums.value(AgeBand.valueOf((String) row[1])), n, Long::sum);
            total += n;
        }
        List<ResponseRate> rates = rows("select consultation_id, panel_id, invited, responded from panel_response "
                + "where panel_id = ?1 order by consultation_id", panel.id()).stream().map(PanelFigures::rate).toList();
        return new OfPanel(panel.id(), total < GroupCount.MINIMUM ? null : total, GroupCount.of(byTenant),
                GroupCount.of(byBand), rates, GroupCount.MINIMUM);
    }

    /** A municipality's members per age band, and the response to its panel consultations (of one project, or all). */
    public OfTenant of(String tenant, UUID projectId) {
        Map<String, Long> byBand = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> members = entityManager.createNativeQuery("select age_band, count(*) from panel_member "
                + "where tenant_slug = ?1 and status = 'ACTIVE' group by age_band").setParameter(1, tenant)
                .getResultList();
        for (Object[] row : members) {
            byBand.put(WireEnums.value(AgeBand.valueOf((String) row[0])), ((Number) row[1]).longValue());
        }
        var query = entityManager.createNativeQuery("select r.consultation_id, r.panel_id, r.invited, r.responded "
                + "from panel_response r join consultation c on c.id = r.consultation_id where c.tenant_slug = ?1"
                + (projectId == null ? "" : " and c.project_id = ?2") + " order by c.created_at, c.id, r.panel_id")
                .setParameter(1, tenant);
        if (projectId != null) {
            query.setParameter(2, projectId);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> responses = query.getResultList();
        return new OfTenant(GroupCount.of(byBand), responses.stream().map(PanelFigures::rate).toList());
    }

    /** The response of the panels invited to one consultation (empty when none was). */
    public List<ResponseRate> ofConsultation(UUID consultationId) {
        return rows("select consultation_id, panel_id, invited, responded from panel_response "
                + "where consultation_id = ?1 order by panel_id", consultationId).stream().map(PanelFigures::rate)
                .toList();
    }

    private static ResponseRate rate(Object[] r) {
        return ResponseRate.of((UUID) r[0], (UUID) r[1], ((Number) r[2]).longValue(), ((Number) r[3]).longValue());
    }

    private List<Object[]> rows(String sql, UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> result = entityManager.createNativeQuery(sql).setParameter(1, id).getResultList();
        return result;
    }
}
