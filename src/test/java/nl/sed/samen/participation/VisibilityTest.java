package nl.sed.samen.participation;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Database;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.Polls;
import nl.sed.samen.testsupport.Reactions;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * The visibility and participation rules of {@link ParticipationScope}, from outside, for single items and lists alike
 * and for every endpoint that takes input: each case the issue found drifting is pinned here.
 */
@QuarkusTest
class VisibilityTest {

    private static final String TENANT = "stede-broec";
    private static final String PANEL_ONLY = "https://samen.sed-wf.nl/problems/panel-only";
    private static final AtomicInteger ADDRESS = new AtomicInteger(1);

    private final String editor = Tokens.editor(TENANT);
    /** A token of this tenant without a role ({@code groups: []}): a resident for everything residents do. */
    private final String noRole = Tokens.official(TENANT);

    /** A resident from an address of their own, so flags count separately. */
    private static RequestSpecification resident() {
        int n = ADDRESS.getAndIncrement();
        return Api.anonymous().header("X-Forwarded-For", "203.0." + (n / 250) + "." + (n % 250 + 1));
    }

    private String openConsultationIn(String projectId, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Fixtures.manifest("Raadpleging"));
        body.put("moderationMode", "post");
        body.putAll(extra);
        String id = Fixtures.draftConsultation(TENANT, projectId, body);
        Api.as(editor).body(Map.of("status", "open"))
                .when().patch("/tenants/{tenant}/consultations/{id}", TENANT, id).then().statusCode(200);
        return id;
    }

    private String draftPoll(String consultationId) {
        return Api.as(editor).body(Map.of("question", "Welke kleur?",
                        "options", List.of(Map.of("label", "Rood"), Map.of("label", "Blauw")), "resultsVisibility",
                        "always"))
                .when().post("/tenants/{tenant}/consultations/{id}/polls", TENANT, consultationId)
                .then().statusCode(201).extract().path("id");
    }

    private Map<String, Object> openPoll(String consultationId) {
        String id = draftPoll(consultationId);
        return Api.as(editor).body(Map.of("status", "open")).when().patch("/tenants/{tenant}/polls/{id}", TENANT, id)
                .then().statusCode(200).extract().as(Map.class);
    }

    @Test
    void anOpenConsultationInADraftProjectIsHiddenEverywhereAndTakesNoInput() {
        String project = Fixtures.project(TENANT, false);
        String consultation = openConsultationIn(project, Map.of());
        Map<String, Object> poll = openPoll(consultation);
        String pollId = (String) poll.get("id");

        for (String viewer : new String[] {null, noRole}) {
            RequestSpecification as = viewer == null ? Api.anonymous() : Api.as(viewer);
            as.when().get("/tenants/{t}/consultations/{id}", TENANT, consultation).then().statusCode(404);
            spec(viewer).when().get("/tenants/{t}/projects/{id}/consultations", TENANT, project).then()
                    .statusCode(404);
            spec(viewer).when().get("/tenants/{t}/consultations/{id}/polls", TENANT, consultation).then()
                    .statusCode(404);
            spec(viewer).when().get("/tenants/{t}/consultations/{id}/reactions", TENANT, consultation).then()
                    .statusCode(404);
            spec(viewer).when().get("/tenants/{t}/polls/{id}", TENANT, pollId).then().statusCode(404);
        }
        resident().body(Map.of("body", "Mag dit?"))
                .when().post("/tenants/{t}/consultations/{id}/reactions", TENANT, consultation).then()
                .statusCode(404).contentType("application/problem+json");
        resident().header("Voter-Token", Polls.voterToken(TENANT))
                .body(Map.of("optionIds", List.of(Polls.optionId(poll, 0))))
                .when().post("/tenants/{t}/polls/{id}/votes", TENANT, pollId).then().statusCode(404);

        // officials with a role see it all, and see that it takes no input
        Api.as(Tokens.moderator(TENANT)).when().get("/tenants/{t}/consultations/{id}", TENANT, consultation).then()
                .statusCode(200).body("status", equalTo("open")).body("acceptingInput", equalTo(false));
        Api.as(editor).when().get("/tenants/{t}/projects/{id}/consultations", TENANT, project).then()
                .statusCode(200).body("items.id", hasItem(consultation));
        Api.as(editor).when().get("/tenants/{t}/polls/{id}", TENANT, pollId).then().statusCode(200)
                .body("acceptingVotes", equalTo(false));

        // once the project is published, the same consultation is public and takes input
        Api.as(editor).body(Map.of("status", "published"))
                .when().patch("/tenants/{t}/projects/{id}", TENANT, project).then().statusCode(200);
        Api.anonymous().when().get("/tenants/{t}/consultations/{id}", TENANT, consultation).then().statusCode(200)
                .body("acceptingInput", equalTo(true));
        Api.anonymous().when().get("/tenants/{t}/projects/{id}/consultations", TENANT, project).then()
                .statusCode(200).body("items.id", hasItem(consultation));
        Reactions.published(TENANT, consultation, "Nu wel.");
        resident().header("Voter-Token", Polls.voterToken(TENANT))
                .body(Map.of("optionIds", List.of(Polls.optionId(poll, 0))))
                .when().post("/tenants/{t}/polls/{id}/votes", TENANT, pollId).then().statusCode(201);

        // an archived project's consultation is still visible, but takes no more input
        Api.as(editor).body(Map.of("status", "archived"))
                .when().patch("/tenants/{t}/projects/{id}", TENANT, project).then().statusCode(200);
        Api.anonymous().when().get("/tenants/{t}/consultations/{id}", TENANT, consultation).then().statusCode(200)
                .body("acceptingInput", equalTo(false));
        resident().body(Map.of("body", "En nu?"))
                .when().post("/tenants/{t}/consultations/{id}/reactions", TENANT, consultation).then()
                .statusCode(409);
        resident().header("Voter-Token", Polls.voterToken(TENANT))
                .body(Map.of("optionIds", List.of(Polls.optionId(poll, 0))))
                .when().post("/tenants/{t}/polls/{id}/votes", TENANT, pollId).then().statusCode(409);
    }

    private static RequestSpecification spec(String token) {
        return token == null ? Api.anonymous() : Api.as(token);
    }

    @Test
    void aPollOfADraftConsultationCannotOpenAndIsNotPublic() {
        String project = Fixtures.project(TENANT, true);
        String consultation = Fixtures.draftConsultation(TENANT, project, Fixtures.manifest("Nog niet open"));
        String pollId = draftPoll(consultation);
        Api.as(editor).body(Map.of("status", "open")).when().patch("/tenants/{t}/polls/{id}", TENANT, pollId).then()
                .statusCode(409).contentType("application/problem+json")
                .body("detail", equalTo("A poll opens only while its consultation is open; the consultation is "
                        + "draft."));
        Api.anonymous().when().get("/tenants/{t}/polls/{id}", TENANT, pollId).then().statusCode(404);
        Api.anonymous().when().get("/tenants/{t}/consultations/{id}/polls", TENANT, consultation).then()
                .statusCode(404);
        Api.as(noRole).when().get("/tenants/{t}/polls/{id}", TENANT, pollId).then().statusCode(404);
        Api.as(editor).when().get("/tenants/{t}/polls/{id}", TENANT, pollId).then().statusCode(200)
                .body("status", equalTo("draft"));
    }

    @Test
    void aPollOfAClosedConsultationTakesNoVotesAndSaysSo() {
        String consultation = Fixtures.openConsultation(TENANT, "post");
        Map<String, Object> poll = openPoll(consultation);
        String pollId = (String) poll.get("id");
        Api.as(editor).body(Map.of("status", "closed"))
                .when().patch("/tenants/{t}/consultations/{id}", TENANT, consultation).then().statusCode(200);
        Api.anonymous().when().get("/tenants/{t}/polls/{id}", TENANT, pollId).then().statusCode(200)
                .body("status", equalTo("open")).body("acceptingVotes", equalTo(false));
        Api.anonymous().when().get("/tenants/{t}/consultations/{id}/polls", TENANT, consultation).then()
                .statusCode(200).body("items[0].acceptingVotes", equalTo(false));
        resident().header("Voter-Token", Polls.voterToken(TENANT))
                .body(Map.of("optionIds", List.of(Polls.optionId(poll, 1))))
                .when().post("/tenants/{t}/polls/{id}/votes", TENANT, pollId).then().statusCode(409)
                .body("detail", equalTo("This poll does not take votes: its consultation does not take input now."));
        assertEquals(0, Database.count("select count(*) from vote where poll_id = '" + pollId + "'"));
    }

    @Test
    void theBallotStatementRefusesAVoteWhenTheConsultationClosedBehindTheCopy() {
        String consultation = Fixtures.openConsultation(TENANT, "post");
        Map<String, Object> poll = openPoll(consultation);
        String pollId = (String) poll.get("id");
        String token = Polls.voterToken(TENANT);
        // the first vote makes this instance keep the poll's scope for a moment (PollSnapshots)
        resident().header("Voter-Token", token).body(Map.of("optionIds", List.of(Polls.optionId(poll, 0))))
                .when().post("/tenants/{t}/polls/{id}/votes", TENANT, pollId).then().statusCode(201);
        // closed behind the instance's back, as another instance would: only the database knows
        Database.execute("update consultation set status = 'CLOSED' where id = '" + consultation + "'");
        resident().header("Voter-Token", Polls.voterToken(TENANT))
                .body(Map.of("optionIds", List.of(Polls.optionId(poll, 0))))
                .when().post("/tenants/{t}/polls/{id}/votes", TENANT, pollId).then().statusCode(409);
        assertEquals(1, Database.count("select count(*) from vote where poll_id = '" + pollId + "'"));
    }

    @Test
    void aTokenWithoutARoleSeesOnlyWhatThePublicSees() {
        String consultation = Fixtures.openConsultation(TENANT, "pre");
        String pending = Reactions.submit(TENANT, consultation, Map.of("body", "Wacht op een moderator.",
                "ageBand", "18-24", "area", "Bovenkarspel"), 202).path("id");
        String published = Reactions.submit(TENANT, consultation, Map.of("body", "Goedgekeurd."), 202).path("id");
        Api.as(Tokens.moderator(TENANT)).body(Map.of("decision", "approve", "reason", "Prima"))
                .when().post("/tenants/{t}/reactions/{id}/moderation", TENANT, published).then().statusCode(200);

        String body = Api.as(noRole).when().get("/tenants/{t}/consultations/{id}/reactions", TENANT, consultation)
                .then().statusCode(200).header("Cache-Control", "public, max-age=5")
                .body("items.id", hasItem(published)).body("items.id", not(hasItem(pending)))
                .body("items[0].moderation", nullValue()).extract().asString();
        assertEquals(-1, body.indexOf("18-24"));
        Api.as(Tokens.official("enkhuizen", "moderator"))
                .when().get("/tenants/{t}/consultations/{id}/reactions", TENANT, consultation).then()
                .statusCode(200).body("items.id", not(hasItem(pending))).body("items[0].moderation", nullValue());
        Api.as(Tokens.moderator(TENANT)).when().get("/tenants/{t}/consultations/{id}/reactions", TENANT, consultation)
                .then().statusCode(200).body("items.id", hasItem(pending))
                .header("Cache-Control", "private, no-cache");

        String draftProject = Fixtures.project(TENANT, false);
        Api.as(noRole).when().get("/tenants/{t}/projects/{id}", TENANT, draftProject).then().statusCode(404);
        Api.as(noRole).when().get("/tenants/{t}/projects?limit=100", TENANT).then().statusCode(200)
                .body("items.id", not(hasItem(draftProject)));
        // and it may not act as an official
        Api.as(noRole).body(Map.of("title", "Mag niet")).when().post("/tenants/{t}/projects", TENANT).then()
                .statusCode(403);
    }

    @Test
    void aPanelConsultationRefusesAnonymousInputWithASpecificProblem() {
        String project = Fixtures.project(TENANT, true);
        String consultation = openConsultationIn(project, Map.of("audience", "panel"));
        Api.anonymous().when().get("/tenants/{t}/consultations/{id}", TENANT, consultation).then().statusCode(200)
                .body("audience", equalTo("panel")).body("acceptingInput", equalTo(false));
        resident().body(Map.of("body", "Ik ben geen panellid."))
                .when().post("/tenants/{t}/consultations/{id}/reactions", TENANT, consultation).then()
                .statusCode(403).contentType("application/problem+json").body("type", equalTo(PANEL_ONLY));
        Map<String, Object> poll = openPoll(consultation);
        assertEquals(false, poll.get("acceptingVotes"));
        resident().header("Voter-Token", Polls.voterToken(TENANT))
                .body(Map.of("optionIds", List.of(Polls.optionId(poll, 0))))
                .when().post("/tenants/{t}/polls/{id}/votes", TENANT, poll.get("id")).then().statusCode(403)
                .body("type", equalTo(PANEL_ONLY));

        // a reaction that was there before the consultation became a panel's cannot be flagged anonymously either
        String everyone = openConsultationIn(project, Map.of());
        String reaction = Reactions.published(TENANT, everyone, "Een reactie.").get("id");
        Database.execute("update consultation set audience = 'PANEL' where id = '" + everyone + "'");
        resident().body(Map.of("reason", "spam")).when().post("/tenants/{t}/reactions/{id}/flags", TENANT, reaction)
                .then().statusCode(403).body("type", equalTo(PANEL_ONLY));
        assertEquals(0, Database.count("select count(*) from reaction_flag where reaction_id = '" + reaction + "'"));
    }

    @Test
    void singleItemsCheckTheirParents() {
        // a published reaction under a consultation whose project is still a draft
        String project = Fixtures.project(TENANT, true);
        String consultation = openConsultationIn(project, Map.of());
        String reaction = Reactions.published(TENANT, consultation, "Zichtbaar?").get("id");
        Database.execute("update project set status = 'DRAFT' where id = '" + project + "'");
        resident().body(Map.of("reason", "spam")).when().post("/tenants/{t}/reactions/{id}/flags", TENANT, reaction)
                .then().statusCode(404);
        Api.anonymous().when().get("/tenants/{t}/consultations/{id}/reactions", TENANT, consultation).then()
                .statusCode(404);
        // another tenant's ids are unknown here, whoever asks
        Api.as(Tokens.official("*", "admin")).when().get("/tenants/{t}/consultations/{id}", "enkhuizen", consultation)
                .then().statusCode(404);
        Api.anonymous().when().get("/tenants/{t}/polls/{id}", TENANT, UUID.randomUUID().toString()).then()
                .statusCode(404).body("detail", equalTo("There is no poll with this id in this tenant."));
    }

    @Test
    void aListOfPollsCountsEveryPollOnThePage() {
        String consultation = Fixtures.openConsultation(TENANT, "post");
        Map<String, Object> first = openPoll(consultation);
        Map<String, Object> second = openPoll(consultation);
        for (int i = 0; i < 2; i++) {
            resident().header("Voter-Token", Polls.voterToken(TENANT))
                    .body(Map.of("optionIds", List.of(Polls.optionId(first, 1))))
                    .when().post("/tenants/{t}/polls/{id}/votes", TENANT, first.get("id")).then().statusCode(201);
        }
        resident().header("Voter-Token", Polls.voterToken(TENANT))
                .body(Map.of("optionIds", List.of(Polls.optionId(second, 0))))
                .when().post("/tenants/{t}/polls/{id}/votes", TENANT, second.get("id")).then().statusCode(201);
        Api.anonymous().when().get("/tenants/{t}/consultations/{id}/polls", TENANT, consultation).then()
                .statusCode(200)
                .body("items.find { it.id == '" + first.get("id") + "' }.totalVotes", equalTo(2))
                .body("items.find { it.id == '" + first.get("id") + "' }.options[1].votes", equalTo(2))
                .body("items.find { it.id == '" + second.get("id") + "' }.totalVotes", equalTo(1))
                .body("items.find { it.id == '" + second.get("id") + "' }.options[1].votes", equalTo(0));
    }
}
