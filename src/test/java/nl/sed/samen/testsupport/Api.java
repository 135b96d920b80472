package nl.sed.samen.testsupport;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * REST Assured requests that are checked against the committed contract: every response a test receives must match
 * {@code openapi/openapi.json}. Requests are not checked, because tests send invalid ones on purpose.
 */
public final class Api {

    public static final Path CONTRACT = Path.of("openapi", "openapi.json");

    private static final OpenApiValidationFilter CONTRACT_FILTER = Files.exists(CONTRACT)
            ? new OpenApiValidationFilter(OpenApiInteractionValidator
                    .createForSpecificationUrl(CONTRACT.toUri().toString())
                    .withBasePathOverride("/api/v1")
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.request", ValidationReport.Level.IGNORE)
                            .build())
                    .build())
            : null;

    private Api() {
    }

    /** An anonymous caller (a resident, or a municipality website). */
    public static RequestSpecification anonymous() {
        RequestSpecification spec = RestAssured.given().basePath("/api/v1").contentType(ContentType.JSON);
        return CONTRACT_FILTER == null ? spec : spec.filter(CONTRACT_FILTER);
    }

    /** A caller with this bearer token. */
    public static RequestSpecification as(String token) {
        return anonymous().header("Authorization", "Bearer " + token);
    }
}
