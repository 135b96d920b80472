package nl.sed.samen.reaction;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Database;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.Reactions;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReactionResourceTest {

    private static final String TENANT = "enkhuizen";

    @Test
    void postModeratedReactionIsPublishedAtOnceWithAReceipt() {
        String consultation = Fixtures.openConsultation(TENANT, "post");
        String id = Api.anonymous().body(Map.of("body", "Meer groen op het plein graag!", "displayName", "Anna",
                        "ageBand", "25-44", "area", "Enkhuizen", "email", "anna@example.nl"))
                .when().post("/tenants/{tenant}/consultations/{id}/reactions", TENANT, consultation)
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/tenants/enkhuizen/reactions/"))
                .body("status", equalTo("published"))
                .body("receiptToken", notNullValue())
                .extract().path("id");
        String list = Api.anonymous().when().get("/tenants/{tenant}/consultations/{id}/reactions", TENANT, consultation)
                .then().statusCode(200)
                .body("items[0].id", equalTo(id))
                .body("items[0].body", equalTo("Meer groen op het plein graag!"))
                .body("items[0].displayName", equalTo("Anna"))
                .body("items[0].moderation", nullValue())
                .extract().asString();
        assertFalse(list.contains("email") || list.contains("anna@example.nl") || list.contains("25-44"),
                "public responses carry no e-mail and no self-reported fields");
        assertEquals(0, Database.count("select count(*) from reaction where id = '" + id
                + "' and receipt_hash is null"));
    }

    @Test
    void preModeratedReactionWaitsAndIsNeverPublicUntilApproved() {
        String consultation = Fixtures.openConsultation(TENANT, "pre");
        var submitted = Reactions.submit(TENANT, consultation, Map.of("body", "Graag een speeltuin."), 202);
        String id = submitted.path("id");
        assertEquals("pending", submitted.path("status"));
        Api.anonymous().when().get("/tenants/{tenant}/consultations/{id}/reactions", TENANT, consultation).then()
                .statusCode(200).body("items.id", not(hasItem(id)));
        Api.as(Tokens.editor(TENANT)).when().get("/tenants/{tenant}/consultations/{id}/reactions", TENANT, consultation)
                .then().statusCode(200).body("items[0].id", equalTo(id)).body("items[0].status", equalTo("pending"))
                .body("items[0].moderation.flagged", equalTo(false));
        Api.anonymous().header("Receipt-Token", (String) submitted.path("receiptToken"))
                .when().get("/tenants/{tenant}/reactions/{id}", TENANT, id).then().statusCode(200)
                .body("status", equalTo("pending"));
        Api.as(Tokens.moderator(TENANT)).body(Map.of("decision", "approve", "reason", "Past binnen de regels"))
                .when().post("/tenants/{tenant}/reactions/{id}/moderation", TENANT, id).then().statusCode(200)
                .body("status", equalTo("published"));
        Api.anonymous().when().get("/tenants/{tenant}/consultations/{id}/reactions", TENANT, consultation).then()
                .statusCode(200).body("items.id", hasItem(id));
    }

    @Test
    void authorSeesTheReasonOfARejectionAndCanWithdraw() {
        String consultation = Fixtures.openConsultation(TENANT, "pre");
        var submitted = Reactions.submit(TENANT, consultation, Map.of("body", "Mijn buurman Jan de Vries is een "
                + "oplichter.", "displayName", "Piet", "email", "piet@example.nl", "area", "Enkhuizen"), 202);
        String id = submitted.path("id");
        String receipt = submitted.path("receiptToken");
        Api.as(Tokens.moderator(TENANT)).body(Map.of("decision", "reject", "reason", "Bevat persoonsgegevens"))
                .when().post("/tenants/{tenant}/reactions/{id}/moderation", TENANT, id).then().statusCode(200);
        Api.anonymous().header("Receipt-Token", receipt).when().get("/tenants/{tenant}/reactions/{id}", TENANT, id)
                .then().statusCode(200).body("status", equalTo("rejected"))
                .body("reason", equalTo("Bevat persoonsgegevens"));
        Api.anonymous().header("Receipt-Token", "wrong").when().get("/tenants/{tenant}/reactions/{id}", TENANT, id)
                .then().statusCode(403).contentType("application/problem+json");
        Api.anonymous().when().get("/tenants/{tenant}/reactions/{id}", TENANT, id).then().statusCode(401);
        Api.anonymous().header("Receipt-Token", "wrong").when().delete("/tenants/{tenant}/reactions/{id}", TENANT, id)
                .then().statusCode(403);
        Api.anonymous().header("Receipt-Token", receipt).when()
                .get("/tenants/{tenant}/reactions/{id}", "drechterland", id).then().statusCode(404);
        Api.anonymous().header("Receipt-Token", receipt).when().delete("/tenants/{tenant}/reactions/{id}", TENANT, id)
                .then().statusCode(204);
        assertEquals(1, Database.count("select count(*) from reaction where id = '" + id + "' and status = 'WITHDRAWN'"
                + " and body is null and display_name is null and email is null and area is null and age_band is null"));
        Api.anonymous().header("Receipt-Token", receipt).when().get("/tenants/{tenant}/reactions/{id}", TENANT, id)
                .then().statusCode(200).body("status", equalTo("withdrawn")).body("body", nullValue());
        Api.as(Tokens.editor(TENANT)).when().get("/tenants/{tenant}/consultations/{id}/reactions", TENANT, consultation)
                .then().statusCode(200).body("items.id", not(hasItem(id)));
    }

    @Test
    void withdrawnPublishedReactionLeavesThePublicList() {
        String consultation = Fixtures.openConsultation(TENANT, "post");
        Map<String, String> r = Reactions.published(TENANT, consultation, "Tijdelijk idee");
        Api.anonymous().header("Receipt-Token", r.get("receiptToken")).when()
                .delete("/tenants/{tenant}/reactions/{id}", TENANT, r.get("id")).then().statusCode(204);
        Api.anonymous().when().get("/tenants/{tenant}/consultations/{id}/reactions", TENANT, consultation).then()
                .statusCode(200).body("items.id", not(hasItem(r.get("id"))));
    }

    @Test
    void reactionsOnlyOnOpenConsultations() {
        String projectId = Fixtures.project(TENANT, true);
        String draft = Fixtures.draftConsultation(TENANT, projectId, Fixtures.manifest("Concept"));
        Reactions.submit(TENANT, draft, Map.of("body", "Te vroeg"), 404);
        String open = Fixtures.openConsultation(TENANT, "post");
        Api.as(Tokens.editor(TENANT)).body(Map.of("status", "closed")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, open).then().statusCode(200);
        Reactions.submit(TENANT, open, Map.of("body", "Te laat"), 409);
        Reactions.submit("drechterland", open, Map.of("body", "Verkeerde gemeente"), 404);
    }

    @Test
    void badBodiesAreProblems() {
        String consultation = Fixtures.openConsultation(TENANT, "post");
        String path = "/tenants/{tenant}/consultations/{id}/reactions";
        Api.anonymous().body(Map.of("body", "")).when().post(path, TENANT, consultation).then().statusCode(400)
                .body("errors[0].field", equalTo("body"));
        Api.anonymous().body(Map.of()).when().post(path, TENANT, consultation).then().statusCode(400)
                .body("errors[0].field", equalTo("body"));
        Api.anonymous().body(Map.of("body", "x".repeat(5001))).when().post(path, TENANT, consultation).then()
                .statusCode(400).body("errors[0].field", equalTo("body"));
        Reactions.submit(TENANT, consultation, Map.of("body", "x".repeat(5000)), 201);
        Api.anonymous().body(Map.of("body", 12)).when().post(path, TENANT, consultation).then().statusCode(400)
                .body("errors[0].field", equalTo("body"));
        Api.anonymous().body(Map.of("body", "Goed", "name", "Anna")).when().post(path, TENANT, consultation).then()
                .statusCode(400).body("errors[0].field", equalTo("name"));
        Api.anonymous().body(Map.of("body", "Goed", "email", "geen-adres")).when().post(path, TENANT, consultation)
                .then().statusCode(400).body("errors[0].field", equalTo("email"));
        Api.anonymous().body(Map.of("body", "Goed", "area", "Hoorn")).when().post(path, TENANT, consultation)
                .then().statusCode(400).body("errors[0].field", equalTo("area"));
        Api.anonymous().body(Map.of("body", "Goed", "ageBand", "old")).when().post(path, TENANT, consultation)
                .then().statusCode(400).body("errors[0].field", equalTo("ageBand"));
        Api.anonymous().body("{\"body\": \"open").when().post(path, TENANT, consultation).then().statusCode(400)
                .contentType("application/problem+json");
        Api.anonymous().body(Map.of("body", "met \u0000 nul")).when().post(path, TENANT, consultation).then()
                .statusCode(400).body("errors[0].field", equalTo("body"));
        Api.anonymous().body(Map.of("body", "x")).when().post(path, TENANT, "nope").then().statusCode(400);
    }

    @Test
    void hostileTextIsStoredAsPlainTextAndNeverA500() {
        String consultation = Fixtures.openConsultation(TENANT, "post");
        for (String text : new String[] {"<script>alert('x')</script>", "'; drop table reaction; --",
                "Robert'); DELETE FROM vote WHERE ('1'='1", "🌳🚲 Meer bomen en fietspaden! 👍🏽", "\u202Eesrever",
                "line\nbreaks\tand tabs", "{{7*7}} ${7*7} %s %n"}) {
            String id = Reactions.published(TENANT, consultation, text).get("id");
            Api.anonymous().when().get("/tenants/{tenant}/consultations/{id}/reactions?limit=100", TENANT, consultation)
                    .then().statusCode(200).body("items.find { it.id == '" + id + "' }.body", equalTo(text));
        }
        assertEquals(1, Database.count("select count(*) from information_schema.tables where table_name = 'reaction'"));
    }
}
