package nl.sed.samen.common;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of a list: the items, and the URL of the next page (null on the last page).
 */
public record Page<T>(
        List<T> items,
        @Schema(description = "URL of the next page, null on the last page", nullable = true) String next) {
}
