package nl.sed.samen.tenancy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Polls;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/** Embeds read from anywhere; only the municipality's own sites may write. */
@QuarkusTest
class CrossOriginTest {

    private static final String SITE = "https://samen.enkhuizen.nl";
    private static final String OTHER = "https://evil.example";

    @Test
    void publicReadsAreOpenToAnyOrigin() {
        given().header("Origin", OTHER).when().get("/api/v1/tenants/enkhuizen").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Expose-Headers", containsString("ETag"));
        given().header("Origin", OTHER).header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "if-none-match")
                .when().options("/api/v1/tenants/enkhuizen/projects").then().statusCode(204)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Headers", "if-none-match");
    }

    @Test
    void writesOnlyFromTheTenantsOwnSites() {
        String path = "/api/v1/tenants/enkhuizen/voter-tokens";
        given().header("Origin", SITE).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type, voter-token")
                .when().options(path).then().statusCode(204)
                .header("Access-Control-Allow-Origin", SITE)
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", "content-type, voter-token")
                .header("Vary", containsString("Origin"));
        // every header the public API accepts, so a browser can send a solved proof-of-work or resume a stream
        given().header("Origin", SITE).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type, altcha, receipt-token, last-event-id")
                .when().options(path).then().statusCode(204)
                .header("Access-Control-Allow-Headers", "content-type, altcha, receipt-token, last-event-id");
        given().header("Origin", OTHER).header("Access-Control-Request-Method", "POST")
                .when().options(path).then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", SITE).when().post(path).then().statusCode(201)
                .header("Access-Control-Allow-Origin", SITE);
        given().header("Origin", OTHER).when().post(path).then().statusCode(403)
                .contentType("application/problem+json").body("status", equalTo(403));
        given().header("Origin", "https://samen.stede-broec.nl").when().post(path).then().statusCode(403);
        given().when().post(path).then().statusCode(201);
    }

    @Test
    void everyHeaderThePublicApiAcceptsIsAllowedInPreflights() throws Exception {
        // the header parameters of every operation in the contract, and the standard ones the service reads
        com.fasterxml.jackson.databind.JsonNode contract = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Api.CONTRACT.toFile());
        java.util.Set<String> headers = new java.util.TreeSet<>(List.of("content-type", "accept", "authorization",
                "if-none-match"));
        contract.path("paths").forEach(item -> item.forEach(operation -> operation.path("parameters")
                .forEach(parameter -> {
                    if (parameter.path("in").asText().equals("header")) {
                        headers.add(parameter.path("name").asText().toLowerCase(java.util.Locale.ROOT));
                    }
                })));
        org.junit.jupiter.api.Assertions.assertTrue(headers.containsAll(List.of("altcha", "voter-token",
                "receipt-token")), headers.toString());
        String requested = String.join(", ", headers);
        for (String[] write : List.of(new String[] {"POST", "/api/v1/tenants/enkhuizen/voter-tokens"},
                new String[] {"POST", "/api/v1/tenants/enkhuizen/polls/00000000-0000-4000-8000-000000000001/votes"},
                new String[] {"POST", "/api/v1/tenants/enkhuizen/reactions/00000000-0000-4000-8000-000000000001/flags"},
                new String[] {"DELETE", "/api/v1/tenants/enkhuizen/reactions/00000000-0000-4000-8000-000000000001"})) {
            given().header("Origin", SITE).header("Access-Control-Request-Method", write[0])
                    .header("Access-Control-Request-Headers", requested)
                    .when().options(write[1]).then().statusCode(204)
                    .header("Access-Control-Allow-Origin", SITE)
                    .header("Access-Control-Allow-Methods", containsString(write[0]))
                    .header("Access-Control-Allow-Headers", requested);
        }
        // a problem (a proof-of-work demand, a 429) is readable, and so is its Retry-After
        given().header("Origin", SITE).when().post("/api/v1/tenants/enkhuizen/voter-tokens").then()
                .header("Access-Control-Expose-Headers", containsString("Retry-After"));
    }

    @Test
    void votesFollowTheSameRule() {
        Map<String, Object> poll = Polls.open("enkhuizen", Map.of());
        String votes = "/api/v1/tenants/enkhuizen/polls/" + poll.get("id") + "/votes";
        given().header("Origin", "https://www.enkhuizen.nl").header("Voter-Token", Polls.voterToken("enkhuizen"))
                .contentType("application/json").body(Map.of("optionIds", List.of(Polls.optionId(poll, 0))))
                .when().post(votes).then().statusCode(201);
        given().header("Origin", OTHER).header("Voter-Token", Polls.voterToken("enkhuizen"))
                .contentType("application/json").body(Map.of("optionIds", List.of(Polls.optionId(poll, 0))))
                .when().post(votes).then().statusCode(403);
    }

    @Test
    void anAdminChangesTheAllowedOrigins() {
        String origin = "https://participatie.drechterland.nl";
        String path = "/api/v1/tenants/drechterland/voter-tokens";
        given().header("Origin", origin).when().post(path).then().statusCode(403);
        Api.as(Tokens.editor("drechterland")).body(Map.of("allowedOrigins", List.of(origin)))
                .when().patch("/tenants/drechterland").then().statusCode(403);
        Api.as(Tokens.admin("drechterland")).body(Map.of("allowedOrigins", List.of("https://Bad.example/path")))
                .when().patch("/tenants/drechterland").then().statusCode(400)
                .body("errors[0].field", equalTo("allowedOrigins[0]"));
        try {
            Api.as(Tokens.admin("drechterland")).body(Map.of("allowedOrigins",
                            List.of("https://samen.drechterland.nl", "https://www.drechterland.nl", origin)))
                    .when().patch("/tenants/drechterland").then().statusCode(200)
                    .body("allowedOrigins.size()", equalTo(3));
            given().header("Origin", origin).when().post(path).then().statusCode(201);
        } finally {
            // restored whatever failed above, so no later test meets this origin
            Api.as(Tokens.admin("drechterland")).body(Map.of("allowedOrigins",
                            List.of("https://samen.drechterland.nl", "https://www.drechterland.nl")))
                    .when().patch("/tenants/drechterland").then().statusCode(200);
        }
        given().header("Origin", origin).when().post(path).then().statusCode(403);
    }
}
