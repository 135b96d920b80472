package nl.sed.samen.panel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import nl.sed.samen.audit.AuditLog;
import nl.sed.samen.common.AgeBand;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.PageRequest;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.Slice;
import nl.sed.samen.participation.Viewer;
import nl.sed.samen.security.Official;
import nl.sed.samen.tenancy.TenantRepository;

/**
 * Panels as officials run them: create, describe, open and close, change the member municipalities. Every change is
 * audited once for each member municipality (before and after the change), so each municipality's admin sees it in its
 * own log.
 */
@ApplicationScoped
@Transactional
public class PanelService {

    private final Panels panels;
    private final TenantRepository tenants;
    private final AuditLog audit;
    private final Clock clock;

    public PanelService(Panels panels, TenantRepository tenants, AuditLog audit, Clock clock) {
        this.panels = panels;
        this.tenants = tenants;
        this.audit = audit;
        this.clock = clock;
    }

    public Panel create(Official official, PanelRequests.Create request) {
        List<String> members = distinct(request.tenants());
        Panel.requireShape(request.owner(), members);
        members.forEach(this::requireTenant);
        Instant now = clock.now();
        Panel panel = new Panel(UUID.randomUUID(), request.owner(), request.name(), request.description(),
                bands(request.ageBands()), members, PanelStatus.OPEN, now, now, 0).requireManagedBy(official);
        panels.insert(panel);
        record(official, "panel.created", panel, null, panel);
        return panel;
    }

    /** Only what changes is written; an unchanged request records nothing. */
    public Panel update(Official official, UUID id, PanelRequests.Update request) {
        Panel before = panels.require(id).requireManagedBy(official);
        List<String> members = request.tenants() == null ? before.tenants() : distinct(request.tenants());
        Panel.requireShape(before.owner(), members);
        members.forEach(this::requireTenant);
        Panel after = new Panel(id, before.owner(), request.name() == null ? before.name() : request.name(),
                request.description() == null ? before.description() : request.description(),
                request.ageBands() == null ? before.ageBands() : bands(request.ageBands()), members,
                request.status() == null ? before.status() : request.status(), before.createdAt(), clock.now(),
                before.version() + 1).requireManagedBy(official);
        if (same(before, after)) {
            return before;
        }
        if (!panels.update(after, before.version())) {
            throw ProblemException.conflict("Someone changed this panel a moment ago; read it again.");
        }
        record(official, "panel.updated", after, before, after);
        return after;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Panel get(Official official, UUID id) {
        return panels.require(id).requireManagedBy(official);
    }

    /** The panels of a tenant: open ones for residents, every one for its officials. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Slice<Panel> list(Viewer viewer, PageRequest page) {
        Slice<Panel> slice = panels.page(viewer.tenant(), page);
        return viewer.isOfficial() ? slice : new Slice<>(slice.items().stream()
                .filter(p -> p.status() == PanelStatus.OPEN).toList(), slice.limit(), slice.next());
    }

    /** A tenant's panel as residents may see it: a closed one only for officials. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Panel get(Viewer viewer, UUID id) {
        Panel panel = panels.requireIn(viewer.tenant(), id);
        if (panel.status() != PanelStatus.OPEN && !viewer.isOfficial()) {
            throw ProblemException.notFound("There is no panel with this id in this tenant.");
        }
        return panel;
    }

    private void record(Official official, String action, Panel panel, Panel before, Panel after) {
        List<String> everyone = new java.util.ArrayList<>(after.tenants());
        if (before != null) {
            before.tenants().stream().filter(t -> !everyone.contains(t)).forEach(everyone::add);
        }
        for (String tenant : everyone) {
            audit.record(tenant, official, action, "panel", panel.id(),
                    before == null ? null : PanelResponse.from(before), PanelResponse.from(after));
        }
    }

    private void requireTenant(String slug) {
        if (tenants.findById(slug) == null) {
            throw ProblemException.invalidField("tenants", "not a tenant of Samen");
        }
    }

    private static boolean same(Panel a, Panel b) {
        return Objects.equals(a.name(), b.name()) && Objects.equals(a.description(), b.description())
                && a.ageBands().equals(b.ageBands()) && a.tenants().equals(b.tenants()) && a.status() == b.status();
    }

    private static List<String> distinct(List<String> tenants) {
        return tenants.stream().distinct().sorted().toList();
    }

    private static List<AgeBand> bands(List<AgeBand> bands) {
        return bands.stream().distinct().sorted().toList();
    }
}
