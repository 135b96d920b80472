package nl.sed.samen.project;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Project")
public record ProjectResponse(
        UUID id,
        @Schema(example = "enkhuizen", description = "The lead municipality: the tenant that created the project")
        String tenant,
        @Schema(example = "[\"drechterland\", \"enkhuizen\"]", description = "The municipalities taking part, the "
                + "lead among them; more than one for a joint project, which each of them lists and shows under its "
                + "own path with the same ids") List<String> participants,
        String title,
        @Schema(nullable = true) String summary,
        @Schema(nullable = true) String body,
        @Schema(nullable = true) String theme,
        List<String> areas,
        @Schema(nullable = true) String contact,
        ProjectStatus status,
        Instant createdAt,
        Instant updatedAt) {

    public static ProjectResponse from(Project project) {
        return new ProjectResponse(project.id(), project.tenant(), project.participants(), project.title(), project.summary(), project.body(),
                project.theme(), project.areas(), project.contact(), project.status(), project.createdAt(),
                project.updatedAt());
    }
}
