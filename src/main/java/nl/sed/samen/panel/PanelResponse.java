package nl.sed.samen.panel;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import nl.sed.samen.common.AgeBand;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A panel as officials and residents see it: nothing about its members. */
@Schema(name = "Panel")
public record PanelResponse(UUID id, @Schema(description = "sed, or the owning tenant") String owner, String name,
        @Schema(nullable = true) String description, List<AgeBand> ageBands,
        @Schema(description = "The member municipalities") List<String> tenants, PanelStatus status,
        Instant createdAt, Instant updatedAt) {

    static PanelResponse from(Panel p) {
        return new PanelResponse(p.id(), p.owner(), p.name(), p.description(), p.ageBands(), p.tenants(), p.status(),
                p.createdAt(), p.updatedAt());
    }
}
