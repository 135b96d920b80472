package nl.sed.samen.tenancy;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import nl.sed.samen.testsupport.Api;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TenantResourceTest {

    @Test
    void listsTheThreeMunicipalitiesOfSed() {
        Api.anonymous().when().get("/tenants").then()
                .statusCode(200)
                .header("API-Version", "1.0.0")
                .header("ETag", notNullValue())
                .header("Cache-Control", "public, max-age=5")
                .body("items.slug", containsInAnyOrder("stede-broec", "enkhuizen", "drechterland"))
                .body("next", nullValue());
    }

    @Test
    void showsATenantWithItsVillagesAndOrigins() {
        Api.anonymous().when().get("/tenants/drechterland").then()
                .statusCode(200)
                .body("name", equalTo("Drechterland"))
                .body("cbsCode", equalTo("GM0498"))
                .body("areas", contains("Hem", "Hoogkarspel", "Oosterblokker", "Oosterleek", "Schellinkhout",
                        "Venhuizen", "Westwoud", "Wijdenes"))
                .body("allowedOrigins", contains("https://samen.drechterland.nl", "https://www.drechterland.nl"))
                .body("defaultModerationMode", equalTo("post"));
        Api.anonymous().when().get("/tenants/stede-broec").then()
                .statusCode(200).body("cbsCode", equalTo("GM0532"))
                .body("areas", contains("Bovenkarspel", "Grootebroek", "Lutjebroek"));
        Api.anonymous().when().get("/tenants/enkhuizen").then()
                .statusCode(200).body("cbsCode", equalTo("GM0388")).body("areas", contains("Enkhuizen"));
    }

    @Test
    void unknownTenantIsAProblem404() {
        Api.anonymous().when().get("/tenants/amsterdam").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", notNullValue())
                .body("detail", notNullValue())
                .body("type", equalTo("https://samen.sed-wf.nl/problems/not-found"))
                .body("instance", equalTo("/api/v1/tenants/amsterdam"));
    }

    @Test
    void ifNoneMatchGivesNotModified() {
        String etag = Api.anonymous().when().get("/tenants/enkhuizen").then().statusCode(200)
                .extract().header("ETag");
        Api.anonymous().header("If-None-Match", etag).when().get("/tenants/enkhuizen").then()
                .statusCode(304)
                .header("ETag", equalTo(etag))
                .header("API-Version", "1.0.0");
        Api.anonymous().header("If-None-Match", "\"something-else\"").when().get("/tenants/enkhuizen").then()
                .statusCode(200);
    }
}
