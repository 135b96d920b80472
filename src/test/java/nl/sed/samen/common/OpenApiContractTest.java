package nl.sed.samen.common;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import nl.sed.samen.testsupport.Api;
import org.junit.jupiter.api.Test;

/**
 * The committed contract ({@code openapi/openapi.json}) is what the service serves. After a deliberate API change,
 * regenerate it with {@code ./mvnw verify -Dsamen.openapi.update=true} and commit the result.
 */
@QuarkusTest
class OpenApiContractTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @Test
    void servedDocumentEqualsCommittedContract() throws Exception {
        String served = given().when().get("/api/v1/openapi.json").then().statusCode(200)
                .header("API-Version", "1.0.0").extract().asString();
        JsonNode generated = JSON.readTree(served);
        String normalised = JSON.writeValueAsString(JSON.treeToValue(generated, Object.class)) + "\n";
        if (Boolean.getBoolean("samen.openapi.update")) {
            Files.createDirectories(Api.CONTRACT.getParent());
            Files.writeString(Api.CONTRACT, normalised);
        }
        assertTrue(Files.exists(Api.CONTRACT), "openapi/openapi.json is missing; run ./mvnw verify "
                + "-Dsamen.openapi.update=true");
        JsonNode committed = JSON.readTree(Files.readString(Api.CONTRACT));
        assertEquals(committed, generated, "The served OpenAPI document differs from openapi/openapi.json. If the "
                + "change is intended, run ./mvnw verify -Dsamen.openapi.update=true and commit the file.");
    }

    @Test
    void contractIsServedAsYamlToo() {
        given().when().get("/api/v1/openapi.yaml").then().statusCode(200);
    }
}
