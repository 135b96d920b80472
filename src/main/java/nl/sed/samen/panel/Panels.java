package nl.sed.samen.panel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import nl.sed.samen.common.AgeBand;
import nl.sed.samen.common.PageRequest;
import nl.sed.samen.common.Slice;
import nl.sed.samen.common.ProblemException;

/** The panel table and its member municipalities: only this package writes them. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class Panels {

    private static final String SELECT = """
            select p.id, p.owner, p.name, p.description, array_to_string(p.age_bands, ','), p.status, p.created_at,
                   p.updated_at, p.version,
                   (select string_agg(pt.tenant_slug, ',' order by pt.tenant_slug) from panel_tenant pt
                    where pt.panel_id = p.id)
            from panel p""";

    private final EntityManager entityManager;

    public Panels(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void insert(Panel panel) {
        entityManager.createNativeQuery("""
                insert into panel (id, owner, name, description, age_bands, status, created_at, updated_at, version)
                values (?1, ?2, ?3, ?4, string_to_array(?5, ','), ?6, ?7, ?7, 0)""")
                .setParameter(1, panel.id()).setParameter(2, panel.owner()).setParameter(3, panel.name())
                .setParameter(4, panel.description()).setParameter(5, bands(panel.ageBands()))
                .setParameter(6, panel.status().name()).setParameter(7, utc(panel.createdAt())).executeUpdate();
        replaceTenants(panel.id(), panel.tenants());
    }

    /** Writes the panel's new state over the version it was read at; false when someone changed it meanwhile. */
    @Transactional(Transactional.TxType.MANDATORY)
    boolean update(Panel panel, int readVersion) {
        int updated = entityManager.createNativeQuery("""
                update panel set name = ?2, description = ?3, age_bands = string_to_array(?4, ','), status = ?5,
                       updated_at = ?6, version = version + 1
                where id = ?1 and version = ?7""")
                .setParameter(1, panel.id()).setParameter(2, panel.name()).setParameter(3, panel.description())
                .setParameter(4, bands(panel.ageBands())).setParameter(5, panel.status().name())
                .setParameter(6, utc(panel.updatedAt())).setParameter(7, readVersion).executeUpdate();
        if (updated == 1) {
            replaceTenants(panel.id(), panel.tenants());
        }
        return updated == 1;
    }

    private void replaceTenants(UUID panelId, List<String> tenants) {
        entityManager.createNativeQuery("delete from panel_tenant where panel_id = ?1").setParameter(1, panelId)
                .executeUpdate();
        for (String tenant : tenants) {
            entityManager.createNativeQuery("insert into panel_tenant (panel_id, tenant_slug) values (?1, ?2)")
                    .setParameter(1, panelId).setParameter(2, tenant).executeUpdate();
        }
    }

    public Optional<Panel> find(UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(SELECT + " where p.id = ?1").setParameter(1, id)
                .getResultList();
        return rows.stream().findFirst().map(Panels::panel);
    }

    public Panel require(UUID id) {
        return find(id).orElseThrow(() -> ProblemException.notFound("There is no panel with this id."));
    }

    /** The panel, for a request under this tenant's path: another tenant's panel is a 404. */
    public Panel requireIn(String tenant, UUID id) {
        return find(id).filter(p -> p.includes(tenant))
                .orElseThrow(() -> ProblemException.notFound("There is no panel with this id in this tenant."));
    }

    /** One page of panels (of this tenant, or all when null), oldest first. */
    Slice<Panel> page(String tenant, PageRequest page) {
        StringBuilder sql = new StringBuilder(SELECT).append(" where true");
        if (tenant != null) {
            sql.append(" and exists (select 1 from panel_tenant pt where pt.panel_id = p.id and pt.tenant_slug = :tenant)");
        }
        if (page.after() != null) {
            sql.append(" and (p.created_at, p.id) > (:time, :id)");
        }
        var query = entityManager.createNativeQuery(sql.append(" order by p.created_at, p.id limit :limit").toString());
        if (tenant != null) {
            query.setParameter("tenant", tenant);
        }
        if (page.after() != null) {
            query.setParameter("time", utc(page.after().time())).setParameter("id", page.after().id());
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.setParameter("limit", page.fetchSize()).getResultList();
        return page.slice(rows.stream().map(Panels::panel).toList(),
                p -> new PageRequest.Position(p.createdAt(), p.id()));
    }

    private static Panel panel(Object[] r) {
        String bands = (String) r[4];
        String tenants = (String) r[9];
        return new Panel((UUID) r[0], (String) r[1], (String) r[2], (String) r[3],
                bands == null || bands.isEmpty() ? List.of()
                        : Arrays.stream(bands.split(",")).map(AgeBand::valueOf).toList(),
                tenants == null ? List.of() : List.of(tenants.split(",")), PanelStatus.valueOf((String) r[5]),
                instant(r[6]), instant(r[7]), ((Number) r[8]).intValue());
    }

    private static String bands(List<AgeBand> bands) {
        return bands.stream().map(Enum::name).collect(Collectors.joining(","));
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("not a time: " + value.getClass());
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
