package nl.sed.samen.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem document: the body of every 4xx and 5xx response.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details", requiredProperties = {"type", "title", "status", "detail"})
public record Problem(
        @Schema(description = "URI that identifies the kind of problem", example = "https://samen.sed-wf.nl/problems/invalid-input")
        String type,
        @Schema(description = "Short, human-readable summary of the kind of problem") String title,
        @Schema(description = "HTTP status code", example = "400") int status,
        @Schema(description = "Explanation specific to this occurrence") String detail,
        @Schema(description = "The request path this problem occurred on") String instance,
        @Schema(description = "Field errors, for invalid input") List<FieldError> errors,
        @Schema(description = "For type proof-of-work-required: where to GET a challenge (a path on this service). "
                + "Solve it and send the same request again with the solution in the Altcha header.",
                example = "/api/v1/tenants/enkhuizen/proof-of-work") String challengeUrl) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One rejected field: where it is in the request, and what is wrong with it (never the rejected value). */
    @Schema(name = "FieldError")
    public record FieldError(
            @Schema(description = "JSON path of the field, or the parameter name") String field,
            @Schema(description = "What is wrong with it") String message) {
    }
}
