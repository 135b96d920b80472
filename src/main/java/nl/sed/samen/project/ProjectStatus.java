package nl.sed.samen.project;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A project is prepared as a draft, published for residents, and archived when the trajectory is over. */
public enum ProjectStatus {
    @JsonProperty("draft") DRAFT,
    @JsonProperty("published") PUBLISHED,
    @JsonProperty("archived") ARCHIVED;

    boolean canMoveTo(ProjectStatus target) {
        return switch (this) {
            case DRAFT -> target == PUBLISHED;
            case PUBLISHED -> target == ARCHIVED;
            case ARCHIVED -> false;
        };
    }
}
