package nl.sed.samen.project;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProjectResourceTest {

    private static final String TENANT = "drechterland";
    private final String editor = Tokens.editor(TENANT);

    @Test
    void editorCreatesADraftThatOnlyOfficialsSee() {
        ExtractableResponse<Response> created = Api.as(editor)
                .body(Map.of("title", "Omgevingsvisie Drechterland", "summary", "Samen bouwen aan 2040",
                        "body", "Lange uitleg", "theme", "omgevingswet", "areas", List.of("Hem", "Venhuizen"),
                        "contact", "Team Omgevingswet"))
                .when().post("/tenants/{tenant}/projects", TENANT)
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/tenants/drechterland/projects/"))
                .body("status", equalTo("draft"))
                .body("tenant", equalTo(TENANT))
                .body("areas", equalTo(List.of("Hem", "Venhuizen")))
                .body("createdAt", notNullValue())
                .extract();
        String id = created.path("id");

        Api.anonymous().when().get("/tenants/{tenant}/projects/{id}", TENANT, id).then().statusCode(404);
        Api.anonymous().when().get("/tenants/{tenant}/projects?limit=100", TENANT).then()
                .statusCode(200).body("items.id", not(hasItem(id)));
        Api.as(Tokens.moderator(TENANT)).when().get("/tenants/{tenant}/projects/{id}", TENANT, id).then()
                .statusCode(200).header("Cache-Control", "private, no-cache").body("title",
                        equalTo("Omgevingsvisie Drechterland"));
        Api.as(Tokens.moderator("enkhuizen")).when().get("/tenants/{tenant}/projects/{id}", TENANT, id).then()
                .statusCode(404);
    }

    @Test
    void lifecycleGoesDraftPublishedArchived() {
        String id = Fixtures.project(TENANT, false);
        Api.as(editor).body(Map.of("status", "archived")).when()
                .patch("/tenants/{tenant}/projects/{id}", TENANT, id).then()
                .statusCode(409).contentType("application/problem+json");
        Api.as(editor).body(Map.of("status", "published")).when()
                .patch("/tenants/{tenant}/projects/{id}", TENANT, id).then().statusCode(200)
                .body("status", equalTo("published"));
        Api.anonymous().when().get("/tenants/{tenant}/projects/{id}", TENANT, id).then().statusCode(200)
                .header("Cache-Control", "public, max-age=5").body("status", equalTo("published"));
        Api.as(editor).body(Map.of("status", "draft")).when()
                .patch("/tenants/{tenant}/projects/{id}", TENANT, id).then().statusCode(409);
        Api.as(editor).body(Map.of("status", "archived")).when()
                .patch("/tenants/{tenant}/projects/{id}", TENANT, id).then().statusCode(200)
                .body("status", equalTo("archived"));
        Api.as(editor).body(Map.of("title", "Nieuw")).when()
                .patch("/tenants/{tenant}/projects/{id}", TENANT, id).then().statusCode(409);
        Api.as(editor).body(Map.of("status", "published")).when()
                .patch("/tenants/{tenant}/projects/{id}", TENANT, id).then().statusCode(409);
    }

    @Test
    void patchChangesOnlyTheFieldsSent() {
        String id = Fixtures.project(TENANT, false);
        Api.as(editor).body(Map.of("summary", "Nieuwe samenvatting", "areas", List.of("Wijdenes")))
                .contentType("application/merge-patch+json")
                .when().patch("/tenants/{tenant}/projects/{id}", TENANT, id).then().statusCode(200)
                .body("title", equalTo("Woonvisie 2030"))
                .body("summary", equalTo("Nieuwe samenvatting"))
                .body("areas", equalTo(List.of("Wijdenes")))
                .body("status", equalTo("draft"));
    }

    @Test
    void areasMustBeVillagesOfTheTenant() {
        Api.as(editor).body(Map.of("title", "Dijkversterking", "areas", List.of("Hem", "Enkhuizen")))
                .when().post("/tenants/{tenant}/projects", TENANT).then()
                .statusCode(400).body("errors[0].field", equalTo("areas[1]"));
    }

    @Test
    void paginationVisitsEveryItemOnce() {
        String tenant = "stede-broec";
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(Fixtures.project(tenant, true));
        }
        List<String> seen = new ArrayList<>();
        String next = "/api/v1/tenants/" + tenant + "/projects?limit=3";
        int pages = 0;
        while (next != null) {
            ExtractableResponse<Response> page = io.restassured.RestAssured.given().when().get(next).then()
                    .statusCode(200).extract();
            List<String> ids = page.path("items.id");
            assertTrue(ids.size() <= 3);
            seen.addAll(ids);
            next = page.path("next");
            pages++;
        }
        assertEquals(seen.size(), new HashSet<>(seen).size(), "an item appeared twice");
        assertTrue(seen.containsAll(created), "an item was skipped");
        assertTrue(pages >= 3);
    }

    @Test
    void badLimitOrCursorIs400() {
        Api.anonymous().when().get("/tenants/{tenant}/projects?limit=101", TENANT).then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        Api.anonymous().when().get("/tenants/{tenant}/projects?limit=0", TENANT).then().statusCode(400);
        Api.anonymous().when().get("/tenants/{tenant}/projects?limit=abc", TENANT).then().statusCode(400)
                .contentType("application/problem+json");
        Api.anonymous().when().get("/tenants/{tenant}/projects?cursor=bm9wZQ", TENANT).then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void listAndItemAnswer304ToTheirETag() {
        String id = Fixtures.project(TENANT, true);
        String etag = Api.anonymous().when().get("/tenants/{tenant}/projects/{id}", TENANT, id).then()
                .statusCode(200).extract().header("ETag");
        Api.anonymous().header("If-None-Match", etag).when().get("/tenants/{tenant}/projects/{id}", TENANT, id)
                .then().statusCode(304);
        Api.as(editor).body(Map.of("title", "Gewijzigd")).when()
                .patch("/tenants/{tenant}/projects/{id}", TENANT, id).then().statusCode(200);
        Api.anonymous().header("If-None-Match", etag).when().get("/tenants/{tenant}/projects/{id}", TENANT, id)
                .then().statusCode(200).body("title", equalTo("Gewijzigd"));
        String listTag = Api.anonymous().when().get("/tenants/{tenant}/projects", TENANT).then().statusCode(200)
                .extract().header("ETag");
        Api.anonymous().header("If-None-Match", listTag).when().get("/tenants/{tenant}/projects", TENANT)
                .then().statusCode(304);
    }

    @Test
    void malformedJsonIs400() {
        Api.as(editor).body("{\"title\": ").when().post("/tenants/{tenant}/projects", TENANT).then()
                .statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        Api.as(editor).body("[1,2]").when().post("/tenants/{tenant}/projects", TENANT).then()
                .statusCode(400).contentType("application/problem+json");
        Api.as(editor).body("").when().post("/tenants/{tenant}/projects", TENANT).then()
                .statusCode(400).contentType("application/problem+json");
        Api.as(editor).body("null").when().post("/tenants/{tenant}/projects", TENANT).then()
                .statusCode(400).contentType("application/problem+json");
    }

    @Test
    void wrongTypesAreFieldErrors() {
        Api.as(editor).body(Map.of("title", 42)).when().post("/tenants/{tenant}/projects", TENANT).then()
                .statusCode(400).body("errors[0].field", equalTo("title"));
        Api.as(editor).body(Map.of("title", "Goed", "areas", "Hem")).when()
                .post("/tenants/{tenant}/projects", TENANT).then()
                .statusCode(400).body("errors[0].field", equalTo("areas"));
        Api.as(editor).body(Map.of("title", List.of("a"))).when().post("/tenants/{tenant}/projects", TENANT).then()
                .statusCode(400).body("errors[0].field", equalTo("title"));
    }

    @Test
    void unknownFieldsAreRejected() {
        Api.as(editor).body(Map.of("title", "Goed", "status", "published")).when()
                .post("/tenants/{tenant}/projects", TENANT).then()
                .statusCode(400).body("errors[0].field", equalTo("status"))
                .body("errors[0].message", equalTo("unknown field"));
        Api.as(editor).body(Map.of("titel", "Goed")).when().post("/tenants/{tenant}/projects", TENANT).then()
                .statusCode(400).body("errors[0].field", equalTo("titel"));
    }

    @Test
    void missingAndOversizedFieldsAreRejectedWithoutEchoingThem() {
        Api.as(editor).body(Map.of("summary", "zonder titel")).when().post("/tenants/{tenant}/projects", TENANT)
                .then().statusCode(400).body("errors[0].field", equalTo("title"));
        Api.as(editor).body(Map.of("title", "   ")).when().post("/tenants/{tenant}/projects", TENANT)
                .then().statusCode(400).body("errors.field", hasItem("title"));
        String long201 = "x".repeat(201);
        Api.as(editor).body(Map.of("title", long201)).when().post("/tenants/{tenant}/projects", TENANT)
                .then().statusCode(400).body("errors[0].field", equalTo("title"))
                .body(not(containsString(long201)));
        Api.as(editor).body(Map.of("title", "Met\u0000nul")).when().post("/tenants/{tenant}/projects", TENANT)
                .then().statusCode(400).body("errors[0].field", equalTo("title"));
    }

    @Test
    void unknownEnumValueIs400WithTheAllowedValues() {
        String id = Fixtures.project(TENANT, false);
        Api.as(editor).body(Map.of("status", "live")).when()
                .patch("/tenants/{tenant}/projects/{id}", TENANT, id).then()
                .statusCode(400).body("errors[0].field", equalTo("status"))
                .body("errors[0].message", containsString("draft, published, archived"));
    }

    @Test
    void malformedIdIs400() {
        Api.anonymous().when().get("/tenants/{tenant}/projects/{id}", TENANT, "12345").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("projectId"));
        Api.as(editor).body(Map.of("title", "x")).when()
                .patch("/tenants/{tenant}/projects/{id}", TENANT, "not-a-uuid").then().statusCode(400);
    }

    @Test
    void wrongMediaTypeIs415AndHugeBodyIs413() {
        Api.as(editor).contentType("text/plain").body("title=x").when().post("/tenants/{tenant}/projects", TENANT)
                .then().statusCode(415).contentType("application/problem+json");
        String huge = "{\"title\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
        Api.as(editor).body(huge).when().post("/tenants/{tenant}/projects", TENANT)
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
    }

    @Test
    void unknownPathAndMethodAreProblems() {
        Api.anonymous().when().get("/tenants/{tenant}/nothing-here", TENANT).then().statusCode(404)
                .contentType("application/problem+json");
        Api.anonymous().when().delete("/tenants").then().statusCode(405)
                .contentType("application/problem+json");
    }

    @Test
    void everyWriteIsAudited() {
        String id = Fixtures.project(TENANT, true);
        long events = nl.sed.samen.testsupport.Database.count(
                "select count(*) from audit_event where entity_id = '" + id + "'");
        assertEquals(2, events, "create and publish are both audited");
        assertEquals(1, nl.sed.samen.testsupport.Database.count("select count(*) from audit_event where entity_id = '"
                + id + "' and action = 'project.status-changed' and before->>'status' = 'draft' "
                + "and after->>'status' = 'published' and actor like 'official-%'"));
    }

    @Test
    void responsesNeverLeakTheStack() {
        Api.as(editor).body("{\"title\": \"a\", \"areas\": [null]}").when().post("/tenants/{tenant}/projects", TENANT)
                .then().statusCode(400).body(not(containsString("Exception"))).body("type", notNullValue())
                .body("instance", equalTo("/api/v1/tenants/drechterland/projects"))
                .body("detail", notNullValue()).body("errors", notNullValue()).body("title", notNullValue())
                .body("errors[0].field", equalTo("areas[0]")).body("next", nullValue());
    }
}
