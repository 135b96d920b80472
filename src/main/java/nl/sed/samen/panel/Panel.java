package nl.sed.samen.panel;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import nl.sed.samen.common.AgeBand;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.security.Official;
import nl.sed.samen.security.Role;

/**
 * A panel of residents, owned by SED across its member municipalities ({@code owner = "sed"}) or by one municipality,
 * for the age bands it names. Who may run it: an editor (or admin) with rights on every member municipality.
 */
public record Panel(UUID id, String owner, String name, String description, List<AgeBand> ageBands,
        List<String> tenants, PanelStatus status, Instant createdAt, Instant updatedAt, int version) {

    /** The owner of a panel across SED's municipalities. */
    public static final String SED = "sed";

    /** Whether this official may manage the panel: editor or admin for every member municipality. */
    public boolean managedBy(Official official) {
        return tenants.stream().allMatch(tenant -> official.hasAnyRole(tenant, Role.EDITOR))
                && (SED.equals(owner) || official.hasAnyRole(owner, Role.EDITOR));
    }

    /** The panel for an official: 403 when it is one they may not manage (its existence is no secret). */
    public Panel requireManagedBy(Official official) {
        if (!managedBy(official)) {
            throw ProblemException.forbidden("Managing this panel needs the role editor for every one of its "
                    + "municipalities: " + String.join(", ", tenants) + ".");
        }
        return this;
    }

    public boolean includes(String tenant) {
        return tenants.contains(tenant);
    }

    public boolean isFor(AgeBand band) {
        return ageBands.contains(band);
    }

    /** A panel's owner and members, as the rules want them: one tenant owning itself only, or SED over several. */
    static void requireShape(String owner, List<String> tenants) {
        if (!SED.equals(owner) && !(tenants.size() == 1 && tenants.get(0).equals(owner))) {
            throw ProblemException.invalidField("tenants", "a panel of one municipality has that municipality as its "
                    + "only member; a panel across municipalities is owned by sed");
        }
    }
}
