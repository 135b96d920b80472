package nl.sed.samen.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/** Requests found by the hostile-input corpus that once slipped past the problem mapping; each stays a clean 4xx. */
@QuarkusTest
class EdgeCaseTest {

    @Test
    void tenantSegmentThatIsNoSlugIsA404Problem() {
        given().urlEncodingEnabled(false).when().get("/api/v1/tenants/enkhuizen%00").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        given().urlEncodingEnabled(false).when().get("/api/v1/tenants/%00/projects").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void pathsOutsideTheApiAreProblemsToo() {
        given().when().get("/api/v2/tenants").then().statusCode(404).contentType("application/problem+json");
        given().when().get("/API/V1/tenants").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void ifMatchThatDoesNotMatchIsA412Problem() {
        given().header("If-Match", "\"garbage\"").when().get("/api/v1/tenants").then().statusCode(412)
                .contentType("application/problem+json").body("status", equalTo(412));
    }

    @Test
    void cursorOutOfRangeIs400() {
        String cursor = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("-9223372036854775808_0b9a0f4e-7c1a-4d5e-9a8b-1c2d3e4f5a6b".getBytes());
        given().when().get("/api/v1/tenants/enkhuizen/projects?cursor=" + cursor).then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void tokenSubjectWithControlCharactersIs401() {
        String token = Tokens.sign(Tokens.claims("bad\u0000sub", java.util.List.of("*"), "admin"));
        given().header("Authorization", "Bearer " + token).contentType("application/json").body("{\"title\":\"x\"}")
                .when().post("/api/v1/tenants/enkhuizen/projects").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void unparsableAcceptFallsBackToJson() {
        given().header("Authorization", "Bearer " + Tokens.editor("enkhuizen")).header("Accept", ";;;")
                .when().get("/api/v1/tenants/enkhuizen/impact").then().statusCode(org.hamcrest.Matchers.lessThan(500));
    }
}
