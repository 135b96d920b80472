package nl.sed.samen.consultation;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConsultationResourceTest {

    private static final String TENANT = "enkhuizen";
    private final String editor = Tokens.editor(TENANT);

    private String patch(String id, Map<String, Object> body, int status) {
        return Api.as(editor).body(body).when().patch("/tenants/{tenant}/consultations/{id}", TENANT, id)
                .then().statusCode(status).extract().asString();
    }

    @Test
    void createsADraftWithTheManifestAndTheTenantsDefaultModeration() {
        String projectId = Fixtures.project(TENANT, true);
        Api.as(editor).body(Fixtures.manifest("Hoe wonen we in 2030?"))
                .when().post("/tenants/{tenant}/projects/{projectId}/consultations", TENANT, projectId)
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/tenants/enkhuizen/consultations/"))
                .body("status", equalTo("draft"))
                .body("projectId", equalTo(projectId))
                .body("participationLevel", equalTo("consult"))
                .body("openForInput", equalTo("De inrichting van het plein"))
                .body("fixed", equalTo("Het budget en de bestemming"))
                .body("decisionMaker", equalTo("De gemeenteraad"))
                .body("moderationMode", equalTo("post"))
                .body("audience", equalTo("everyone"))
                .body("acceptingInput", equalTo(false));
    }

    @Test
    void manifestRuleBlocksOpeningUntilEveryFieldIsThere() {
        String projectId = Fixtures.project(TENANT, true);
        String id = Fixtures.draftConsultation(TENANT, projectId, Map.of("title", "Zonder manifest"));
        Api.as(editor).body(Map.of("status", "open")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, id).then()
                .statusCode(409).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("participationLevel", "openForInput", "fixed",
                        "decisionMaker", "feedbackDueDate"));
        patch(id, Map.of("participationLevel", "advise", "openForInput", "De route", "fixed", "Het budget",
                "decisionMaker", "Het college"), 200);
        Api.as(editor).body(Map.of("status", "open")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, id).then()
                .statusCode(409).body("errors.field", containsInAnyOrder("feedbackDueDate"));
        patch(id, Map.of("feedbackDueDate", LocalDate.now().plusMonths(2).toString()), 200);
        Api.as(editor).body(Map.of("status", "open")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, id).then()
                .statusCode(200).body("status", equalTo("open")).body("acceptingInput", equalTo(true))
                .body("openedAt", notNullValue());
    }

    @Test
    void lifecycleIsDraftOpenClosedAndReportedOnlyWithFeedback() {
        String id = Fixtures.openConsultation(TENANT, "post");
        patch(id, Map.of("status", "draft"), 409);
        patch(id, Map.of("status", "reported"), 409);
        Api.as(editor).body(Map.of("status", "closed")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, id).then()
                .statusCode(200).body("status", equalTo("closed")).body("closedAt", notNullValue())
                .body("acceptingInput", equalTo(false));
        patch(id, Map.of("status", "open"), 409);
        patch(id, Map.of("title", "Te laat"), 409);
        patch(id, Map.of("status", "reported"), 409);
    }

    @Test
    void draftsAreInvisibleToThePublicAndOpenOnesVisible() {
        String projectId = Fixtures.project(TENANT, true);
        String draft = Fixtures.draftConsultation(TENANT, projectId, Fixtures.manifest("Nog geheim"));
        Api.anonymous().when().get("/tenants/{tenant}/consultations/{id}", TENANT, draft).then().statusCode(404);
        Api.anonymous().when().get("/tenants/{tenant}/projects/{p}/consultations", TENANT, projectId).then()
                .statusCode(200).body("items.id", not(hasItem(draft)));
        Api.as(Tokens.moderator(TENANT)).when().get("/tenants/{tenant}/projects/{p}/consultations", TENANT, projectId)
                .then().statusCode(200).body("items.id", hasItem(draft));
        patch(draft, Map.of("status", "open"), 200);
        Api.anonymous().when().get("/tenants/{tenant}/consultations/{id}", TENANT, draft).then().statusCode(200)
                .body("status", equalTo("open")).header("Cache-Control", "public, max-age=5");
        Api.anonymous().when().get("/tenants/{tenant}/projects/{p}/consultations", TENANT, projectId).then()
                .statusCode(200).body("items.id", hasItem(draft));
    }

    @Test
    void consultationsOfADraftProjectAreNotListedPublicly() {
        String projectId = Fixtures.project(TENANT, false);
        Fixtures.draftConsultation(TENANT, projectId, Fixtures.manifest("In voorbereiding"));
        Api.anonymous().when().get("/tenants/{tenant}/projects/{p}/consultations", TENANT, projectId).then()
                .statusCode(404);
        Api.as(editor).when().get("/tenants/{tenant}/projects/{p}/consultations", TENANT, projectId).then()
                .statusCode(200).body("items.size()", equalTo(1)).body("next", nullValue());
    }

    @Test
    void closingTimeInThePastClosesItForResidents() {
        String id = Fixtures.openConsultation(TENANT, "post");
        Api.as(editor).body(Map.of("closesAt", OffsetDateTime.now(ZoneOffset.ofHours(1)).plusSeconds(1).toString()))
                .when().patch("/tenants/{tenant}/consultations/{id}", TENANT, id).then().statusCode(200);
        nl.sed.samen.testsupport.Database.execute(
                "update consultation set closes_at = now() - interval '1 minute' where id = '" + id + "'");
        Api.anonymous().when().get("/tenants/{tenant}/consultations/{id}", TENANT, id).then().statusCode(200)
                .body("status", equalTo("closed")).body("acceptingInput", equalTo(false))
                .body("closedAt", notNullValue());
    }

    @Test
    void datesMustBeConsistentAndCarryAnOffset() {
        String projectId = Fixtures.project(TENANT, true);
        Map<String, Object> body = new HashMap<>(Fixtures.manifest("Data"));
        body.put("opensAt", "2030-05-01T10:00:00+02:00");
        body.put("closesAt", "2030-04-01T10:00:00+02:00");
        Api.as(editor).body(body).when().post("/tenants/{tenant}/projects/{p}/consultations", TENANT, projectId)
                .then().statusCode(400).body("errors[0].field", equalTo("closesAt"));
        body.put("closesAt", "2030-06-01T10:00:00");
        Api.as(editor).body(body).when().post("/tenants/{tenant}/projects/{p}/consultations", TENANT, projectId)
                .then().statusCode(400).body("errors[0].field", equalTo("closesAt"));
        body.put("closesAt", "2030-06-01T10:00:00+02:00");
        body.put("feedbackDueDate", "2030-05-15");
        Api.as(editor).body(body).when().post("/tenants/{tenant}/projects/{p}/consultations", TENANT, projectId)
                .then().statusCode(400).body("errors[0].field", equalTo("feedbackDueDate"));
        body.put("feedbackDueDate", "15-09-2030");
        Api.as(editor).body(body).when().post("/tenants/{tenant}/projects/{p}/consultations", TENANT, projectId)
                .then().statusCode(400).body("errors[0].field", equalTo("feedbackDueDate"));
        body.put("feedbackDueDate", "2030-09-15");
        Api.as(editor).body(body).when().post("/tenants/{tenant}/projects/{p}/consultations", TENANT, projectId)
                .then().statusCode(201).body("closesAt", equalTo("2030-06-01T08:00:00Z"))
                .body("feedbackDueDate", equalTo("2030-09-15"));
    }

    @Test
    void unknownEnumValuesAndFieldsAreRejected() {
        String projectId = Fixtures.project(TENANT, true);
        Map<String, Object> body = new HashMap<>(Fixtures.manifest("Ladder"));
        body.put("participationLevel", "empower");
        Api.as(editor).body(body).when().post("/tenants/{tenant}/projects/{p}/consultations", TENANT, projectId)
                .then().statusCode(400).body("errors[0].field", equalTo("participationLevel"))
                .body("errors[0].message", containsString("inform, consult, advise, coproduce, codecide"));
        body.put("participationLevel", "consult");
        body.put("moderationMode", "none");
        Api.as(editor).body(body).when().post("/tenants/{tenant}/projects/{p}/consultations", TENANT, projectId)
                .then().statusCode(400).body("errors[0].field", equalTo("moderationMode"));
        body.put("moderationMode", "pre");
        body.put("status", "open");
        Api.as(editor).body(body).when().post("/tenants/{tenant}/projects/{p}/consultations", TENANT, projectId)
                .then().statusCode(400).body("errors[0].field", equalTo("status"));
        body.remove("status");
        body.put("title", 12);
        Api.as(editor).body(body).when().post("/tenants/{tenant}/projects/{p}/consultations", TENANT, projectId)
                .then().statusCode(400).body("errors[0].field", equalTo("title"));
        body.put("title", "x".repeat(201));
        Api.as(editor).body(body).when().post("/tenants/{tenant}/projects/{p}/consultations", TENANT, projectId)
                .then().statusCode(400).body("errors[0].field", equalTo("title"));
    }

    @Test
    void rolesTenantsAndIdsAreChecked() {
        String projectId = Fixtures.project(TENANT, true);
        String id = Fixtures.draftConsultation(TENANT, projectId, Fixtures.manifest("Rollen"));
        Api.anonymous().body(Map.of("status", "open")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, id).then().statusCode(401);
        Api.as(Tokens.moderator(TENANT)).body(Map.of("status", "open")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, id).then().statusCode(403);
        Api.as(Tokens.editor("drechterland")).body(Map.of("status", "open")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, id).then().statusCode(403);
        Api.as(Tokens.editor("drechterland")).body(Fixtures.manifest("Elders")).when()
                .post("/tenants/{tenant}/projects/{p}/consultations", TENANT, projectId).then().statusCode(403);
        Api.as(Tokens.official("*", "editor")).body(Map.of("status", "open")).when()
                .patch("/tenants/{tenant}/consultations/{id}", "drechterland", id).then().statusCode(404);
        Api.as(Tokens.official("*", "editor")).body(Fixtures.manifest("Elders")).when()
                .post("/tenants/{tenant}/projects/{p}/consultations", "drechterland", projectId).then().statusCode(404);
        Api.anonymous().when().get("/tenants/{tenant}/consultations/{id}", TENANT, "x1").then().statusCode(400)
                .body("errors[0].field", equalTo("consultationId"));
        Api.anonymous().when().get("/tenants/{tenant}/projects/{p}/consultations", TENANT, "x1").then()
                .statusCode(400).body("errors[0].field", equalTo("projectId"));
        Api.as(Tokens.admin(TENANT)).body(Map.of("status", "open")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, id).then().statusCode(200);
    }

    @Test
    void publicGetAnswers304() {
        String id = Fixtures.openConsultation(TENANT, "pre");
        String etag = Api.anonymous().when().get("/tenants/{tenant}/consultations/{id}", TENANT, id).then()
                .statusCode(200).body("moderationMode", equalTo("pre")).extract().header("ETag");
        Api.anonymous().header("If-None-Match", etag).when().get("/tenants/{tenant}/consultations/{id}", TENANT, id)
                .then().statusCode(304);
    }
}
