package nl.sed.samen.common;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Shapes the generated OpenAPI document into the committed contract: paths relative to the {@code /api/v1} server, the
 * {@code API-Version} header on every success, the problem responses every operation can give, and the bearer scheme.
 * Doing it here keeps the resources free of repeated annotations and makes the NL API Design Rules hold everywhere.
 */
public class OpenApiContract implements OASFilter {

    static final String BASE = "/api/v1";
    static final String BEARER = "bearer";
    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    /** Scalars the generator turns into component schemas; the contract writes them inline as string formats. */
    private static final Map<String, String> SCALARS = Map.of(
            "#/components/schemas/UUID", "uuid",
            "#/components/schemas/Instant", "date-time",
            "#/components/schemas/OffsetDateTime", "date-time",
            "#/components/schemas/LocalDate", "date");

    @Override
    public Schema filterSchema(Schema schema) {
        String format = schema.getRef() == null ? null : SCALARS.get(schema.getRef());
        if (format != null) {
            schema.setRef(null);
            schema.setType(java.util.List.of(Schema.SchemaType.STRING));
            schema.setFormat(format);
            return schema;
        }
        if (schema.getAnyOf() != null && schema.getAnyOf().size() == 2) {
            // the generator writes a nullable scalar as anyOf [scalar, null]; its parts were inlined above already
            Schema first = schema.getAnyOf().get(0);
            if (first.getRef() == null && first.getFormat() != null && SCALARS.containsValue(first.getFormat())) {
                schema.setAnyOf(null);
                schema.setType(java.util.List.of(Schema.SchemaType.STRING, Schema.SchemaType.NULL));
                schema.setFormat(first.getFormat());
            }
        }
        return schema;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            SCALARS.keySet().forEach(ref -> openAPI.getComponents().removeSchema(ref.substring(ref.lastIndexOf('/') + 1)));
        }
        openAPI.setServers(java.util.List.of(OASFactory.createServer().url(BASE)
                .description("This service, relative to where it is served")));
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addHeader("API-Version", OASFactory.createHeader()
                .description("The full version of the API that answered")
                .schema(OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING)).example("1.0.0")));
        openAPI.getComponents().addHeader("ETag", OASFactory.createHeader()
                .description("Version tag of this representation; send it as If-None-Match to get a 304")
                .schema(OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING))));
        openAPI.getComponents().addHeader("Cache-Control", OASFactory.createHeader()
                .description("How long caches may keep the response: public views briefly, an official's view never")
                .schema(OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING))));
        openAPI.getComponents().addSecurityScheme(BEARER, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                .description("An official's access token from the organisation's identity provider (Entra ID, "
                        + "Keycloak, ...): roles admin, editor, moderator for tenants, read from the claims the service "
                        + "is configured for (README \"Officials' sign-in\"). Optional on public operations: "
                        + "officials see more there, residents send none."));

        Paths relative = OASFactory.createPaths();
        Map<String, PathItem> sorted = new TreeMap<>(openAPI.getPaths() == null ? Map.of() : openAPI.getPaths().getPathItems());
        sorted.forEach((path, item) -> {
            String shortened = path.startsWith(BASE) ? path.substring(BASE.length()) : path;
            item.getOperations().forEach((method, operation) -> complete(shortened, method, operation));
            relative.addPathItem(shortened.isEmpty() ? "/" : shortened, item);
        });
        openAPI.setPaths(relative);
    }

    private void complete(String path, PathItem.HttpMethod method, Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        boolean secured = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        boolean hasBody = operation.getRequestBody() != null;
        addProblem(responses, "400", "Invalid input: malformed JSON, wrong types, unknown fields or invalid values");
        addProblem(responses, "401", secured ? "No valid bearer token" : "A bearer token was sent but is not valid");
        if (secured) {
            addProblem(responses, "403", "The token's roles or tenants do not allow this");
        }
        if (path.contains("{")) {
            addProblem(responses, "404", "Not found (also: an id of another tenant)");
        }
        if (hasBody) {
            addProblem(responses, "413", "Request body too large");
            addProblem(responses, "415", "Unsupported media type");
        }
        addProblem(responses, "500", "Unexpected failure");
        if (!secured) {
            // public, and an official's token optional (they see drafts and hidden reactions): said as OpenAPI says
            // it, so tools that require every operation to declare its security (Redocly's security-defined) agree
            operation.setSecurity(java.util.List.of(OASFactory.createSecurityRequirement(),
                    OASFactory.createSecurityRequirement().addScheme(BEARER)));
        }

        Map<String, APIResponse> ordered = new TreeMap<>(responses.getAPIResponses());
        ordered.forEach((code, response) -> {
            if (code.startsWith("2") || code.startsWith("3")) {
                Map<String, Header> headers = new LinkedHashMap<>();
                headers.put("API-Version", OASFactory.createHeader().ref("API-Version"));
                if (response.getHeaders() != null) {
                    headers.putAll(response.getHeaders());
                }
                response.setHeaders(headers);
            } else {
                response.setContent(problemContent());
            }
        });
        APIResponses rebuilt = OASFactory.createAPIResponses();
        ordered.forEach(rebuilt::addAPIResponse);
        operation.setResponses(rebuilt);
    }

    private static void addProblem(APIResponses responses, String code, String description) {
        if (!responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description));
        }
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF)));
    }
}
