package nl.sed.samen.project;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import nl.sed.samen.common.PlainText;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What officials send to create and change projects. */
public final class ProjectRequests {

    private ProjectRequests() {
    }

    @Schema(name = "CreateProject")
    public record Create(
            @NotBlank @Size(max = 200) @PlainText(oneLine = true) @Schema(example = "Woonvisie Enkhuizen 2030") String title,
            @Size(max = 1000) @PlainText String summary,
            @Size(max = 50000) @PlainText String body,
            @Size(max = 100) @PlainText(oneLine = true) @Schema(example = "wonen") String theme,
            @Size(max = 20) @Schema(description = "Villages of the tenant this project concerns, by name")
            List<@NotBlank @Size(max = 100) String> areas,
            @Size(max = 500) @PlainText @Schema(description = "Whom residents can contact about the project")
            String contact) {

        Project.Details details() {
            return new Project.Details(title, summary, body, theme, areas, contact);
        }
    }

    @Schema(name = "UpdateProject", description = "Only the fields sent are changed; status moves the project along "
            + "draft → published → archived.")
    public record Update(
            @Size(max = 200) @PlainText(oneLine = true) String title,
            @Size(max = 1000) @PlainText String summary,
            @Size(max = 50000) @PlainText String body,
            @Size(max = 100) @PlainText(oneLine = true) String theme,
            @Size(max = 20) List<@NotBlank @Size(max = 100) String> areas,
            @Size(max = 500) @PlainText String contact,
            ProjectStatus status) {

        Project.Details details() {
            return new Project.Details(title, summary, body, theme, areas, contact);
        }
    }

    @Schema(name = "ProjectParticipants", description = "The municipalities taking part in a project, the lead among "
            + "them: more than one makes it a joint project.")
    public record Participants(
            @NotNull @Size(min = 1, max = 20) @Schema(example = "[\"enkhuizen\", \"drechterland\"]")
            List<@NotBlank @Size(max = 64) @Pattern(regexp = "[a-z0-9-]+") String> tenants) {
    }
}
