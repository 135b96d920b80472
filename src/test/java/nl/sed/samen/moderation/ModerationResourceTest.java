package nl.sed.samen.moderation;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.Http;
import nl.sed.samen.testsupport.ProofOfWorkSolver;
import nl.sed.samen.testsupport.Reactions;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ModerationResourceTest {

    private static final String TENANT = "stede-broec";
    private final String moderator = Tokens.moderator(TENANT);

    private String pending(String consultation, String text) {
        return Reactions.submit(TENANT, consultation, Map.of("body", text), 202).path("id");
    }

    private void decide(String token, String id, String decision, int status) {
        Api.as(token).body(Map.of("decision", decision, "reason", "Reden"))
                .when().post("/tenants/{tenant}/reactions/{id}/moderation", TENANT, id).then().statusCode(status);
    }

    @Test
    void pendingQueueIsOldestFirstWithDutchSearch() {
        String consultation = Fixtures.openConsultation(TENANT, "pre");
        String first = pending(consultation, "Er zijn te weinig fietsenstallingen bij het station.");
        String second = pending(consultation, "Meer bankjes langs de dijk.");
        List<String> ids = Api.as(moderator).when().get("/tenants/{tenant}/moderation/reactions?status=pending&limit=100",
                TENANT).then().statusCode(200).extract().path("items.id");
        assertEquals(true, ids.indexOf(first) < ids.indexOf(second), "oldest first");
        Api.as(moderator).queryParam("q", "fietsenstalling").when().get("/tenants/{tenant}/moderation/reactions", TENANT).then()
                .statusCode(200).body("items.id", hasItem(first)).body("items.id", not(hasItem(second)));
        Api.as(moderator).when().get("/tenants/{tenant}/moderation/reactions?status=gone", TENANT).then()
                .statusCode(400).body("errors[0].field", equalTo("status"));
    }

    @Test
    void rolesAndTenantsAreEnforced() {
        String consultation = Fixtures.openConsultation(TENANT, "pre");
        String id = pending(consultation, "Een reactie");
        Api.anonymous().when().get("/tenants/{tenant}/moderation/reactions", TENANT).then().statusCode(401);
        Api.as(Tokens.editor(TENANT)).when().get("/tenants/{tenant}/moderation/reactions", TENANT).then()
                .statusCode(403);
        decide(Tokens.editor(TENANT), id, "approve", 403);
        decide(Tokens.moderator("enkhuizen"), id, "approve", 403);
        Api.as(Tokens.official("*", "moderator")).body(Map.of("decision", "approve", "reason", "x"))
                .when().post("/tenants/{tenant}/reactions/{id}/moderation", "enkhuizen", id).then().statusCode(404);
        Api.as(moderator).body(Map.of("decision", "publish", "reason", "x"))
                .when().post("/tenants/{tenant}/reactions/{id}/moderation", TENANT, id).then().statusCode(400)
                .body("errors[0].field", equalTo("decision"));
        Api.as(moderator).body(Map.of("decision", "approve"))
                .when().post("/tenants/{tenant}/reactions/{id}/moderation", TENANT, id).then().statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        decide(Tokens.admin(TENANT), id, "approve", 200);
    }

    @Test
    void hideAndRestoreAndIllegalDecisions() {
        String consultation = Fixtures.openConsultation(TENANT, "post");
        String id = Reactions.published(TENANT, consultation, "Scheldwoorden hier").get("id");
        decide(moderator, id, "restore", 409);
        decide(moderator, id, "hide", 200);
        Api.anonymous().when().get("/tenants/{tenant}/consultations/{id}/reactions", TENANT, consultation).then()
                .body("items.id", not(hasItem(id)));
        decide(moderator, id, "hide", 409);
        decide(moderator, id, "restore", 200);
        Api.anonymous().when().get("/tenants/{tenant}/consultations/{id}/reactions", TENANT, consultation).then()
                .body("items.id", hasItem(id));
    }

    @Test
    void twoModeratorsAtOnceOneWinsOneGets409() throws Exception {
        String consultation = Fixtures.openConsultation(TENANT, "pre");
        for (int round = 0; round < 5; round++) {
            String id = pending(consultation, "Race " + round);
            String path = "/tenants/" + TENANT + "/reactions/" + id + "/moderation";
            List<CompletableFuture<Integer>> both = new ArrayList<>();
            for (String decision : new String[] {"approve", "reject"}) {
                String token = Tokens.official(TENANT, "moderator");
                both.add(CompletableFuture.supplyAsync(() -> Http.post(path, Map.of("Authorization", "Bearer " + token),
                        "{\"decision\":\"" + decision + "\",\"reason\":\"Race\"}")));
            }
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<Integer> f : both) {
                statuses.add(f.get());
            }
            assertEquals(List.of(200, 409), statuses.stream().sorted().toList(), "round " + round);
        }
    }

    @Test
    void officialReplyShowsWithTheReactionByRoleNotName() {
        String consultation = Fixtures.openConsultation(TENANT, "post");
        String id = Reactions.published(TENANT, consultation, "Wanneer begint de bouw?").get("id");
        Api.as(Tokens.editor(TENANT)).body(Map.of("body", "Na de zomer.")).when()
                .put("/tenants/{tenant}/reactions/{id}/reply", TENANT, id).then().statusCode(403);
        Api.as(moderator).body(Map.of("body", "Na de zomer, zie de planning.")).when()
                .put("/tenants/{tenant}/reactions/{id}/reply", TENANT, id).then().statusCode(200)
                .body("reply.role", equalTo("moderator"));
        Api.anonymous().when().get("/tenants/{tenant}/consultations/{id}/reactions", TENANT, consultation).then()
                .statusCode(200)
                .body("items.find { it.id == '" + id + "' }.reply.body", equalTo("Na de zomer, zie de planning."))
                .body("items.find { it.id == '" + id + "' }.reply.role", equalTo("moderator"))
                .body("items.find { it.id == '" + id + "' }.reply.repliedAt", org.hamcrest.Matchers.notNullValue());
        Api.as(moderator).when().delete("/tenants/{tenant}/reactions/{id}/reply", TENANT, id).then().statusCode(204);
        Api.as(moderator).when().delete("/tenants/{tenant}/reactions/{id}/reply", TENANT, id).then().statusCode(404);
        Api.anonymous().when().get("/tenants/{tenant}/consultations/{id}/reactions", TENANT, consultation).then()
                .body("items.find { it.id == '" + id + "' }.reply", nullValue());
        Api.as(moderator).body(Map.of("body", "")).when().put("/tenants/{tenant}/reactions/{id}/reply", TENANT, id)
                .then().statusCode(400);
    }

    @Test
    void flagsFromDistinctResidentsFillTheFlaggedQueue() {
        String consultation = Fixtures.openConsultation(TENANT, "post");
        String id = Reactions.published(TENANT, consultation, "Reclame: koop nu!").get("id");
        String flags = "/tenants/{tenant}/reactions/{id}/flags";
        Api.anonymous().header("X-Forwarded-For", "192.0.2.10").body(Map.of("reason", "spam"))
                .when().post(flags, TENANT, id).then().statusCode(202);
        // a second flag needs a proof-of-work; one network counts once however often it flags
        Api.anonymous().header("X-Forwarded-For", "192.0.2.10").body(Map.of("reason", "spam"))
                .when().post(flags, TENANT, id).then().statusCode(403)
                .body("type", equalTo("https://samen.sed-wf.nl/problems/proof-of-work-required"))
                .body("challengeUrl", equalTo("/api/v1/tenants/" + TENANT + "/proof-of-work"));
        for (int i = 0; i < 2; i++) {
            Api.anonymous().header("X-Forwarded-For", "192.0.2.10")
                    .header("Altcha", ProofOfWorkSolver.solve(TENANT, "192.0.2.10")).body(Map.of("reason", "spam"))
                    .when().post(flags, TENANT, id).then().statusCode(202);
        }
        // in the queue from the first flag
        Api.as(moderator).when().get("/tenants/{tenant}/moderation/reactions?status=flagged&limit=100", TENANT).then()
                .body("items.id", hasItem(id))
                .body("items.find { it.id == '" + id + "' }.moderation.flagCount", equalTo(1));
        Api.anonymous().header("X-Forwarded-For", "192.0.2.11").header("Altcha", ProofOfWorkSolver.solve(TENANT, null))
                .body(Map.of("reason", "offensive", "comment", "Weg ermee"))
                .when().post(flags, TENANT, id).then().statusCode(202);
        Api.anonymous().header("X-Forwarded-For", "198.51.100.7, 192.0.2.12")
                .header("Altcha", ProofOfWorkSolver.solve(TENANT, null)).body(Map.of("reason", "spam"))
                .when().post(flags, TENANT, id).then().statusCode(202);
        Api.as(moderator).when().get("/tenants/{tenant}/moderation/reactions?status=flagged&limit=100", TENANT).then()
                .body("items.id", hasItem(id))
                .body("items.find { it.id == '" + id + "' }.moderation.flagCount", equalTo(3))
                .body("items.find { it.id == '" + id + "' }.moderation.flagReasons.reason",
                        equalTo(List.of("spam", "offensive")))
                .body("items.find { it.id == '" + id + "' }.moderation.flagReasons.count", equalTo(List.of(2, 1)));
        Api.anonymous().body(Map.of("reason", "ugly")).when().post(flags, TENANT, id).then().statusCode(400);
        Api.anonymous().body(Map.of("reason", "spam")).when().post(flags, "enkhuizen", id).then().statusCode(404);
        decide(moderator, id, "approve", 200);
        Api.as(moderator).when().get("/tenants/{tenant}/moderation/reactions?status=flagged&limit=100", TENANT).then()
                .body("items.id", not(hasItem(id)));
        // the decision reset the count: a new network's flag starts again at one (and needs no proof-of-work)
        Api.anonymous().header("X-Forwarded-For", "192.0.2.13").body(Map.of("reason", "other"))
                .when().post(flags, TENANT, id).then().statusCode(202);
        Api.as(moderator).when().get("/tenants/{tenant}/moderation/reactions?status=flagged&limit=100", TENANT).then()
                .body("items.find { it.id == '" + id + "' }.moderation.flagCount", equalTo(1))
                .body("items.find { it.id == '" + id + "' }.moderation.flagReasons.reason", equalTo(List.of("other")));
    }

    @Test
    void auditLogRecordsModerationForAdmins() {
        String consultation = Fixtures.openConsultation(TENANT, "pre");
        String id = pending(consultation, "Voor het logboek");
        decide(moderator, id, "reject", 200);
        Api.as(Tokens.admin(TENANT)).queryParam("action", "reaction.moderated.*").queryParam("entityId", id)
                .when().get("/tenants/{tenant}/audit-events", TENANT).then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].action", equalTo("reaction.moderated.reject"))
                .body("items[0].before.status", equalTo("pending"))
                .body("items[0].after.status", equalTo("rejected"))
                .body("items.actor", everyItem(equalTo("official-stede-broec-moderator")));
        Api.as(Tokens.admin(TENANT)).queryParam("entityType", "consultation").queryParam("limit", 2)
                .when().get("/tenants/{tenant}/audit-events", TENANT).then().statusCode(200)
                .body("items.size()", equalTo(2)).body("next", org.hamcrest.Matchers.notNullValue());
        Api.as(moderator).when().get("/tenants/{tenant}/audit-events", TENANT).then().statusCode(403);
        Api.as(Tokens.admin("enkhuizen")).when().get("/tenants/{tenant}/audit-events", TENANT).then().statusCode(403);
        Api.as(Tokens.admin(TENANT)).queryParam("entityId", "x").when().get("/tenants/{tenant}/audit-events", TENANT)
                .then().statusCode(400);
    }
}
