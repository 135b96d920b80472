package nl.sed.samen.feedback;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Database;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.MailServer;
import nl.sed.samen.testsupport.OutboxDriver;
import nl.sed.samen.testsupport.Reactions;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FeedbackTest {

    private static final String TENANT = "drechterland";
    private static final Map<String, Object> FEEDBACK = Map.of("summary", "Veel reacties over groen en spelen.",
            "decision", "Het plein krijgt bomen en een speelplek.", "changes", "Twee extra bomen in het ontwerp.");

    @Inject
    NotificationSender sender;

    private final String editor = Tokens.editor(TENANT);

    private void close(String consultation) {
        Api.as(editor).body(Map.of("status", "closed")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, consultation).then().statusCode(200);
    }

    @Test
    void feedbackOnlyOnceClosedAndItMakesTheConsultationReported() {
        String consultation = Fixtures.openConsultation(TENANT, "post");
        Api.as(editor).body(FEEDBACK).when().put("/tenants/{tenant}/consultations/{id}/feedback", TENANT, consultation)
                .then().statusCode(409).contentType("application/problem+json");
        Api.as(editor).body(Map.of("status", "reported")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, consultation).then().statusCode(409);
        close(consultation);
        Api.as(editor).body(Map.of("status", "reported")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, consultation).then().statusCode(409);
        Api.as(Tokens.moderator(TENANT)).body(FEEDBACK).when()
                .put("/tenants/{tenant}/consultations/{id}/feedback", TENANT, consultation).then().statusCode(403);
        Api.as(editor).body(Map.of("summary", "Alleen een samenvatting")).when()
                .put("/tenants/{tenant}/consultations/{id}/feedback", TENANT, consultation).then().statusCode(400)
                .body("errors[0].field", equalTo("decision"));
        Api.as(editor).body(FEEDBACK).when().put("/tenants/{tenant}/consultations/{id}/feedback", TENANT, consultation)
                .then().statusCode(200).body("status", equalTo("reported"));
        Api.anonymous().when().get("/tenants/{tenant}/consultations/{id}", TENANT, consultation).then()
                .statusCode(200)
                .body("status", equalTo("reported"))
                .body("feedback.decision", equalTo("Het plein krijgt bomen en een speelplek."))
                .body("feedback.decidedBy", equalTo("De gemeenteraad"))
                .body("feedback.onTime", equalTo(true))
                .body("feedback.publishedAt", notNullValue());
        Api.as(Tokens.official("*", "editor")).body(FEEDBACK).when()
                .put("/tenants/{tenant}/consultations/{id}/feedback", "enkhuizen", consultation).then().statusCode(404);
        String draft = Fixtures.draftConsultation(TENANT, Fixtures.project(TENANT, true), Fixtures.manifest("Concept"));
        Api.as(editor).body(FEEDBACK).when().put("/tenants/{tenant}/consultations/{id}/feedback", TENANT, draft)
                .then().statusCode(409);
    }

    @Test
    void everyOptedInResidentGetsExactlyOneMessageEvenWithTwoSendersThenTheAddressIsGone() throws Exception {
        String consultation = Fixtures.openConsultation(TENANT, "post");
        Reactions.submit(TENANT, consultation, Map.of("body", "Bomen!", "email", "jan@example.nl"), 201);
        Reactions.submit(TENANT, consultation, Map.of("body", "Nog meer bomen!", "email", "Jan@Example.nl"), 201);
        Reactions.submit(TENANT, consultation, Map.of("body", "Een bankje.", "email", "els@example.nl"), 201);
        Reactions.submit(TENANT, consultation, Map.of("body", "Zonder adres."), 201);
        close(consultation);
        Api.as(editor).body(FEEDBACK).when().put("/tenants/{tenant}/consultations/{id}/feedback", TENANT, consultation)
                .then().statusCode(200);
        assertEquals(2, Database.count("select count(*) from notification where consultation_id = '" + consultation
                + "'"));

        // two senders at once, as two instances would run them (other tests' messages may go out too)
        List<CompletableFuture<Integer>> senders = List.of(
                CompletableFuture.supplyAsync(sender::sendDue), CompletableFuture.supplyAsync(sender::sendDue));
        for (CompletableFuture<Integer> s : senders) {
            s.get();
        }
        // the scheduled sender runs beside these two (a third instance): wait until both messages are out
        OutboxDriver.sendUntil(sender, consultation, () -> !MailServer.to("jan@example.nl").isEmpty()
                && !MailServer.to("els@example.nl").isEmpty() && OutboxDriver.count(consultation, "SENT") == 2);
        sender.sendDue();
        assertEquals(1, MailServer.to("jan@example.nl").size(), "one message per address, however many reactions");
        assertEquals(1, MailServer.to("els@example.nl").size());
        assertTrue(MailServer.text(MailServer.to("els@example.nl").get(0)).contains("Het plein krijgt bomen"));
        assertEquals(0, Database.count("select count(*) from reaction where consultation_id = '" + consultation
                + "' and email is not null"), "addresses are erased once the message is sent");
        assertEquals(0, Database.count("select count(*) from notification where consultation_id = '" + consultation
                + "' and (email is not null or status <> 'SENT')"));

        Api.as(editor).body(Map.of("summary", "Gecorrigeerd", "decision", "Bomen en een speelplek."))
                .when().put("/tenants/{tenant}/consultations/{id}/feedback", TENANT, consultation).then()
                .statusCode(200).body("feedback.summary", equalTo("Gecorrigeerd"));
        sender.sendDue();
        assertEquals(1, MailServer.to("els@example.nl").size(), "a correction sends nothing again");
    }

    @Test
    void reportHoldsTheFiguresAndNoPersonalData() {
        String consultation = Fixtures.openConsultation(TENANT, "pre");
        String[] bands = {"25-44", "25-44", "25-44", "25-44", "25-44", "25-44", "65-plus"};
        String first = null;
        for (int i = 0; i < bands.length; i++) {
            String id = Reactions.submit(TENANT, consultation, Map.of("body", "Reactie " + i, "ageBand", bands[i],
                    "area", "Venhuizen", "email", "bewoner" + i + "@example.nl", "displayName", "Bewoner " + i), 202)
                    .path("id");
            if (first == null) {
                first = id;
            }
        }
        String moderator = Tokens.moderator(TENANT);
        Api.as(moderator).body(Map.of("decision", "approve", "reason", "Ok")).when()
                .post("/tenants/{tenant}/reactions/{id}/moderation", TENANT, first).then().statusCode(200);
        Api.as(moderator).body(Map.of("body", "Dank u.")).when()
                .put("/tenants/{tenant}/reactions/{id}/reply", TENANT, first).then().statusCode(200);
        close(consultation);
        Api.as(editor).body(FEEDBACK).when().put("/tenants/{tenant}/consultations/{id}/feedback", TENANT, consultation)
                .then().statusCode(200);

        String json = Api.as(editor).when().get("/tenants/{tenant}/consultations/{id}/report", TENANT, consultation)
                .then().statusCode(200)
                .body("participationLevel", equalTo("consult"))
                .body("openForInput", equalTo("De inrichting van het plein"))
                .body("reactions.received", equalTo(7))
                .body("reactions.byStatus.pending", equalTo(6))
                .body("reactions.byStatus.published", equalTo(1))
                .body("reactions.withOfficialReply", equalTo(1))
                .body("reactions.moderated", equalTo(1))
                .body("reactions.medianModerationMinutes", notNullValue())
                .body("participants.reactionsByAgeBand.find { it.group == '65-plus' }.suppressed", equalTo(true))
                .body("participants.reactionsByAgeBand.find { it.group == '25-44' }.suppressed", equalTo(true))
                .body("participants.reactionsByArea.find { it.group == 'Venhuizen' }.count", equalTo(7))
                .body("feedback.onTime", equalTo(true))
                .body("dates.closedAt", notNullValue())
                .extract().asString();
        assertTrue(!json.contains("@example.nl") && !json.contains("Bewoner") && !json.contains("Reactie 1"),
                "no e-mail, name or resident's text in the report");
        String csv = Api.as(editor).accept("text/csv").when()
                .get("/tenants/{tenant}/consultations/{id}/report", TENANT, consultation).then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        assertTrue(csv.startsWith("section,item,value"));
        assertTrue(csv.contains("reactions,received,7"));
        assertTrue(csv.contains("reactionsByAgeBand,65-plus,<5"));
        assertTrue(csv.contains("reactionsByAgeBand,25-44,<5"), "hidden too, or 7 - 6 would give the 65-plus group");
        assertTrue(!csv.contains("@example.nl"));
        Api.as(moderator).when().get("/tenants/{tenant}/consultations/{id}/report", TENANT, consultation).then()
                .statusCode(403);
        Api.as(Tokens.editor("enkhuizen")).when().get("/tenants/{tenant}/consultations/{id}/report", TENANT,
                consultation).then().statusCode(403);
        Api.anonymous().when().get("/tenants/{tenant}/consultations/{id}/report", TENANT, consultation).then()
                .statusCode(401);
    }

    @Test
    void impactMeterForOneProject() {
        String project = Fixtures.project(TENANT, true);
        java.util.HashMap<String, Object> body = new java.util.HashMap<>(Fixtures.manifest("Open"));
        String open = Fixtures.draftConsultation(TENANT, project, body);
        Api.as(editor).body(Map.of("status", "open")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, open).then().statusCode(200);
        Reactions.submit(TENANT, open, Map.of("body", "Jong", "ageBand", "16-17"), 201);
        String answered = Reactions.submit(TENANT, open, Map.of("body", "Oud", "ageBand", "65-plus"), 201).path("id");
        Api.as(Tokens.moderator(TENANT)).body(Map.of("body", "Bedankt")).when()
                .put("/tenants/{tenant}/reactions/{id}/reply", TENANT, answered).then().statusCode(200);
        body.put("participationLevel", "codecide");
        String late = Fixtures.draftConsultation(TENANT, project, body);
        Api.as(editor).body(Map.of("status", "open")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, late).then().statusCode(200);
        close(late);
        // ten days before today in the municipalities' time zone, as the impact meter counts (not the database's UTC)
        Database.execute("update consultation set feedback_due_date = '" + java.time.LocalDate.now(
                nl.sed.samen.consultation.Consultation.ZONE).minusDays(10) + "' where id = '" + late + "'");

        Api.as(editor).queryParam("projectId", project).when().get("/tenants/{tenant}/impact", TENANT).then()
                .statusCode(200)
                .body("consultations", equalTo(2))
                .body("consultationsPerLevel.consult", equalTo(1))
                .body("consultationsPerLevel.codecide", equalTo(1))
                .body("consultationsPerLevel.inform", equalTo(0))
                .body("reactions", equalTo(2))
                .body("youth.of", equalTo(2)).body("youth.suppressed", equalTo(true))
                .body("youth.count", nullValue()).body("youth.share", nullValue())
                .body("officialReplies.of", equalTo(2)).body("officialReplies.suppressed", equalTo(true))
                .body("officialReplies.share", nullValue())
                .body("minimumGroupSize", equalTo(5))
                .body("feedback.overdue", equalTo(1))
                .body("overdue[0].consultationId", equalTo(late))
                .body("overdue[0].daysOverdue", equalTo(10));
        Api.as(editor).when().get("/tenants/{tenant}/impact", TENANT).then().statusCode(200)
                .body("tenant", equalTo(TENANT));
        Api.as(Tokens.moderator(TENANT)).when().get("/tenants/{tenant}/impact", TENANT).then().statusCode(403);
        Api.as(editor).queryParam("projectId", "zzz").when().get("/tenants/{tenant}/impact", TENANT).then()
                .statusCode(400);
        Api.as(editor).when().get("/tenants/{tenant}/impact", TENANT).then().body(not(containsString("@")));
    }
}
