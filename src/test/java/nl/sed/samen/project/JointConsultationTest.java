package nl.sed.samen.project;

import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.sed.samen.tenancy.TenantOrigins;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Database;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.Polls;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Joint consultations (issue 19): one project of Enkhuizen and Drechterland together, read under both paths with the
 * same ids, run by editors of both, moderated by a moderator of either, one vote per voter whichever site, figures
 * per municipality, writes from both municipalities' origins, audit in both logs; Stede Broec takes no part.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JointConsultationTest {

    private static final String LEAD = "enkhuizen";
    private static final String PARTNER = "drechterland";
    private static final String OUTSIDER = "stede-broec";
    private static final String BOTH_ADMIN = Tokens.official(LEAD + "," + PARTNER, "admin");
    private static final String BOTH_EDITOR = Tokens.official(LEAD + "," + PARTNER, "editor");

    @Inject
    TenantOrigins origins;

    private final List<String> projects = new ArrayList<>();
    private String projectId;
    private String consultationId;
    private Map<String, Object> poll;

    /** Once per class (in @BeforeEach: the HTTP port is known to REST Assured only then). */
    @BeforeEach
    void jointProjectWithOpenConsultationAndPoll() {
        if (projectId != null) {
            return;
        }
        projectId = joint(Fixtures.project(LEAD, true));
        consultationId = Api.as(BOTH_EDITOR).body(Fixtures.manifest("Regionale energiestrategie"))
                .when().post("/tenants/{t}/projects/{id}/consultations", PARTNER, projectId)
                .then().statusCode(201).body("tenant", equalTo(LEAD)).extract().path("id");
        Api.as(BOTH_EDITOR).body(Map.of("status", "open"))
                .when().patch("/tenants/{t}/consultations/{id}", LEAD, consultationId).then().statusCode(200);
        String pollId = Api.as(BOTH_EDITOR).body(Map.of("question", "Waar komen de zonnevelden?", "resultsVisibility",
                        "always", "options", List.of(Map.of("label", "Langs de dijk"), Map.of("label", "Bij de A7"))))
                .when().post("/tenants/{t}/consultations/{id}/polls", LEAD, consultationId)
                .then().statusCode(201).extract().path("id");
        poll = Api.as(BOTH_EDITOR).body(Map.of("status", "open"))
                .when().patch("/tenants/{t}/polls/{id}", PARTNER, pollId).then().statusCode(200).extract().as(Map.class);
    }

    /** Other classes' origin tests expect the three municipalities to be no one's partners (HTTP is gone here). */
    @AfterAll
    void archiveSoTheMunicipalitiesAreNoLongerPartners() {
        for (String id : projects) {
            Database.execute("update project set status = 'ARCHIVED' where id = '" + id + "'");
        }
        origins.refresh();
    }

    private String joint(String id) {
        Api.as(BOTH_ADMIN).body(Map.of("tenants", List.of(LEAD, PARTNER)))
                .when().put("/tenants/{t}/projects/{id}/participants", LEAD, id)
                .then().statusCode(200).body("participants", contains(PARTNER, LEAD)).body("tenant", equalTo(LEAD));
        projects.add(id);
        return id;
    }

    private String pollId() {
        return (String) poll.get("id");
    }

    @Test
    void listedAndReadUnderEveryParticipantAndA404Elsewhere() {
        for (String tenant : List.of(LEAD, PARTNER)) {
            Api.anonymous().when().get("/tenants/{t}/projects?limit=100", tenant).then().statusCode(200)
                    .body("items.id", hasItem(projectId));
            Api.anonymous().when().get("/tenants/{t}/projects/{id}", tenant, projectId).then().statusCode(200)
                    .body("participants", contains(PARTNER, LEAD));
            Api.anonymous().when().get("/tenants/{t}/projects/{id}/consultations", tenant, projectId).then()
                    .statusCode(200).body("items.id", contains(consultationId));
            Api.anonymous().when().get("/tenants/{t}/consultations/{id}/polls", tenant, consultationId).then()
                    .statusCode(200).body("items.id", contains(pollId()));
            Api.anonymous().when().get("/tenants/{t}/polls/{id}", tenant, pollId()).then().statusCode(200);
        }
        Api.anonymous().when().get("/tenants/{t}/projects?limit=100", OUTSIDER).then().statusCode(200)
                .body("items.id", not(hasItem(projectId)));
        Api.anonymous().when().get("/tenants/{t}/projects/{id}", OUTSIDER, projectId).then().statusCode(404)
                .contentType("application/problem+json");
        Api.anonymous().when().get("/tenants/{t}/consultations/{id}", OUTSIDER, consultationId).then().statusCode(404);
        Api.anonymous().when().get("/tenants/{t}/polls/{id}", OUTSIDER, pollId()).then().statusCode(404);
        // and a single-tenant item stays a 404 under another tenant's path, exactly as before
        String single = Fixtures.project(LEAD, true);
        Api.anonymous().when().get("/tenants/{t}/projects/{id}", PARTNER, single).then().statusCode(404);
        Api.anonymous().when().get("/tenants/{t}/projects?limit=100", PARTNER).then()
                .body("items.id", not(hasItem(single)));
    }

    @Test
    void editingNeedsTheEditorRoleInEveryParticipant() {
        Map<String, Object> change = Map.of("summary", "Samen met Drechterland");
        for (String tenant : List.of(LEAD, PARTNER)) {
            Api.as(Tokens.editor(tenant)).body(change).when().patch("/tenants/{t}/projects/{id}", tenant, projectId)
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("detail", containsString("every municipality"));
            Api.as(Tokens.editor(tenant)).body(Fixtures.manifest("Nog een vraag"))
                    .when().post("/tenants/{t}/projects/{id}/consultations", tenant, projectId).then().statusCode(403);
            Api.as(Tokens.editor(tenant)).body(Map.of("question", "Nieuw?")).when()
                    .patch("/tenants/{t}/polls/{id}", tenant, pollId()).then().statusCode(403);
        }
        Api.as(BOTH_EDITOR).body(change).when().patch("/tenants/{t}/projects/{id}", PARTNER, projectId)
                .then().statusCode(200).body("summary", equalTo("Samen met Drechterland"));
        Api.as(Tokens.official("*", "editor")).body(Map.of("summary", "Regionaal"))
                .when().patch("/tenants/{t}/projects/{id}", LEAD, projectId).then().statusCode(200);
        Api.anonymous().body(change).when().patch("/tenants/{t}/projects/{id}", LEAD, projectId).then().statusCode(401);
        // an editor of Stede Broec meets a 404: the project is not theirs to know of
        Api.as(Tokens.editor(OUTSIDER)).body(change).when().patch("/tenants/{t}/projects/{id}", OUTSIDER, projectId)
                .then().statusCode(404);
    }

    @Test
    void oneVotePerVoterWhicheverSiteAndOnlyParticipantsTokens() {
        String viaLead = Polls.voterToken(LEAD);
        vote(LEAD, viaLead, Map.of()).then().statusCode(201);
        vote(PARTNER, viaLead, Map.of()).then().statusCode(409).contentType("application/problem+json");
        vote(LEAD, Polls.voterToken(PARTNER), Map.of("area", "Hoogkarspel")).then().statusCode(201);
        vote(PARTNER, Polls.voterToken(OUTSIDER), Map.of()).then().statusCode(401)
                .body("detail", containsString("another municipality"));
        vote(PARTNER, Polls.voterToken(PARTNER), Map.of("area", "Bovenkarspel")).then().statusCode(400)
                .body("errors[0].field", equalTo("area"));
        Api.anonymous().header("Voter-Token", viaLead).when().get("/tenants/{t}/polls/{id}", PARTNER, pollId())
                .then().statusCode(200).body("hasVoted", equalTo(true));
        // a single-tenant poll still takes only its own tenant's tokens
        Map<String, Object> own = Polls.open(LEAD, Map.of());
        Api.anonymous().header("Voter-Token", Polls.voterToken(PARTNER))
                .body(Map.of("optionIds", List.of(Polls.optionId(own, 0))))
                .when().post("/tenants/{t}/polls/{id}/votes", LEAD, own.get("id")).then().statusCode(401);
    }

    private io.restassured.response.Response vote(String tenant, String token, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("optionIds", List.of(Polls.optionId(poll, 0))));
        body.putAll(extra);
        return Api.anonymous().header("Voter-Token", token).body(body)
                .when().post("/tenants/{t}/polls/{id}/votes", tenant, pollId());
    }

    @Test
    void aModeratorOfEitherParticipantModerates() {
        String pre = Api.as(BOTH_EDITOR).body(withMode(Fixtures.manifest("Voorgemodereerd"), "pre"))
                .when().post("/tenants/{t}/projects/{id}/consultations", LEAD, projectId)
                .then().statusCode(201).extract().path("id");
        Api.as(BOTH_EDITOR).body(Map.of("status", "open"))
                .when().patch("/tenants/{t}/consultations/{id}", LEAD, pre).then().statusCode(200);
        String fromPartnerSite = react(PARTNER, pre, "Gezamenlijkheidstoets via de site van Drechterland");
        String fromLeadSite = react(LEAD, pre, "Gezamenlijkheidstoets via de site van Enkhuizen");
        for (String tenant : List.of(LEAD, PARTNER)) {
            Api.as(Tokens.moderator(tenant)).when().get("/tenants/{t}/moderation/reactions?limit=100&q=Gezamenlijkheidstoets", tenant)
                    .then().statusCode(200).body("items.id", hasItem(fromPartnerSite)).body("items.id",
                            hasItem(fromLeadSite));
        }
        Api.as(Tokens.moderator(OUTSIDER)).when().get("/tenants/{t}/moderation/reactions?limit=100&q=Gezamenlijkheidstoets", OUTSIDER)
                .then().statusCode(200).body("items.id", not(hasItem(fromPartnerSite)));
        Api.as(Tokens.moderator(LEAD)).body(Map.of("decision", "approve", "reason", "Past bij de vraag"))
                .when().post("/tenants/{t}/reactions/{id}/moderation", LEAD, fromPartnerSite).then().statusCode(200);
        Api.as(Tokens.moderator(PARTNER)).body(Map.of("decision", "approve", "reason", "Past bij de vraag"))
                .when().post("/tenants/{t}/reactions/{id}/moderation", PARTNER, fromLeadSite).then().statusCode(200);
        Api.as(Tokens.moderator(OUTSIDER)).body(Map.of("decision", "reject", "reason", "Niet van ons"))
                .when().post("/tenants/{t}/reactions/{id}/moderation", OUTSIDER, fromLeadSite).then().statusCode(404);
        for (String tenant : List.of(LEAD, PARTNER)) {
            Api.anonymous().when().get("/tenants/{t}/consultations/{id}/reactions", tenant, pre).then()
                    .statusCode(200).body("items.id", hasItem(fromPartnerSite)).body("items.id", hasItem(fromLeadSite));
        }
    }

    private static Map<String, Object> withMode(Map<String, Object> manifest, String mode) {
        Map<String, Object> body = new HashMap<>(manifest);
        body.put("moderationMode", mode);
        return body;
    }

    private static String react(String tenant, String consultation, String text) {
        return Api.anonymous().body(Map.of("body", text)).when()
                .post("/tenants/{t}/consultations/{id}/reactions", tenant, consultation)
                .then().statusCode(anyOf(is(201), is(202))).extract().path("id");
    }

    @Test
    void reportAndImpactPerMunicipalityWithSuppression() {
        String id = joint(Fixtures.project(LEAD, true));
        String consultation = Api.as(BOTH_EDITOR).body(Fixtures.manifest("Woonvisie regio"))
                .when().post("/tenants/{t}/projects/{id}/consultations", LEAD, id)
                .then().statusCode(201).extract().path("id");
        Api.as(BOTH_EDITOR).body(Map.of("status", "open"))
                .when().patch("/tenants/{t}/consultations/{id}", LEAD, consultation).then().statusCode(200);
        Map<String, Object> regional = Api.as(BOTH_EDITOR).body(Map.of("question", "Meer huurwoningen?", "options",
                        List.of(Map.of("label", "Ja"), Map.of("label", "Nee"))))
                .when().post("/tenants/{t}/consultations/{id}/polls", LEAD, consultation)
                .then().statusCode(201).extract().as(Map.class);
        Api.as(BOTH_EDITOR).body(Map.of("status", "open"))
                .when().patch("/tenants/{t}/polls/{id}", LEAD, regional.get("id")).then().statusCode(200);
        for (int i = 0; i < 6; i++) {
            castIn(regional, LEAD, 0, "25-44");
        }
        for (int i = 0; i < 5; i++) {
            castIn(regional, PARTNER, 1, "25-44");
        }
        for (int i = 0; i < 5; i++) {
            react(LEAD, consultation, "Reactie uit Enkhuizen " + i);
        }
        for (int i = 0; i < 2; i++) {
            react(PARTNER, consultation, "Reactie uit Drechterland " + i);
        }
        for (String tenant : List.of(LEAD, PARTNER)) {
            var report = Api.as(Tokens.editor(tenant)).when()
                    .get("/tenants/{t}/consultations/{id}/report", tenant, consultation).then().statusCode(200)
                    .body("reactions.received", equalTo(7)).body("polls[0].totalVotes", equalTo(11)).extract();
            assertEquals(List.of(5, 6), report.path("byMunicipality.votes.count"));
            assertEquals(List.of(PARTNER, LEAD), report.path("byMunicipality.votes.group"));
            // 2 from Drechterland is under 5, and with only one group hidden the other would give it away
            assertEquals(List.of(true, true), report.path("byMunicipality.reactions.suppressed"));
            // reach would be reactions + votes: with a reaction group hidden, the sum would give it away
            assertEquals(List.of(), report.path("byMunicipality.reach"));
            assertEquals(List.of(5), report.path("byMunicipality.polls.find { it.tenant == '" + PARTNER
                    + "' }.options.count"));
            assertEquals(List.of("Nee"), report.path("byMunicipality.polls.find { it.tenant == '" + PARTNER
                    + "' }.options.group"));
        }
        // two Drechterland votes for "Ja": 2 is small, and the whole result (8 Ja) minus Enkhuizen's 6 would tell it,
        // so no municipality's split of this poll is shown; the youth shares (0 of 6, 0 of 7) are too small to show
        castIn(regional, PARTNER, 0, "25-44");
        castIn(regional, PARTNER, 0, "25-44");
        var small = Api.as(Tokens.editor(LEAD)).when()
                .get("/tenants/{t}/consultations/{id}/report", LEAD, consultation).then().statusCode(200).extract();
        assertEquals(List.of(true, true), small.path("byMunicipality.polls.suppressed"));
        assertEquals(List.of(List.of(), List.of()), small.path("byMunicipality.polls.options"));
        assertEquals(List.of(), small.path("byMunicipality.youth"));
        Api.as(Tokens.editor(OUTSIDER)).when()
                .get("/tenants/{t}/consultations/{id}/report", OUTSIDER, consultation).then().statusCode(404);
        var impact = Api.as(Tokens.editor(PARTNER)).when()
                .get("/tenants/{t}/impact?projectId={p}", PARTNER, id).then().statusCode(200)
                .body("consultations", equalTo(1)).body("votes", equalTo(13)).extract();
        assertEquals(List.of(7, 6), impact.path("byMunicipality.votes.count"));
        assertEquals(List.of(true, true), impact.path("byMunicipality.reactions.suppressed"));
        assertEquals(List.of(), impact.path("byMunicipality.reach"));
        // a single-tenant consultation's report has no split: its figures are its own
        String own = Fixtures.openConsultation(LEAD, "post");
        assertNull(Api.as(Tokens.editor(LEAD)).when().get("/tenants/{t}/consultations/{id}/report", LEAD, own)
                .then().statusCode(200).extract().path("byMunicipality"));
    }

    private static void castIn(Map<String, Object> poll, String tenant, int option, String ageBand) {
        Api.anonymous().header("Voter-Token", Polls.voterToken(tenant))
                .body(Map.of("optionIds", List.of(Polls.optionId(poll, option)), "ageBand", ageBand))
                .when().post("/tenants/{t}/polls/{id}/votes", tenant, poll.get("id")).then().statusCode(201);
    }

    @Test
    void writesFromEveryParticipantsOriginAndNoOtherOne() {
        // other classes change the municipalities' origins for their own pages: back to the ones they start with
        for (String tenant : List.of(LEAD, PARTNER, OUTSIDER)) {
            Api.as(Tokens.admin(tenant)).body(Map.of("allowedOrigins", List.of("https://samen." + tenant + ".nl",
                            "https://www." + tenant + ".nl")))
                    .when().patch("/tenants/{t}", tenant).then().statusCode(200);
        }
        origins.refresh();
        String partnerSite = "https://www.drechterland.nl";
        String votes = "/api/v1/tenants/" + LEAD + "/polls/" + pollId() + "/votes";
        RestAssured.given().header("Origin", partnerSite).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type, voter-token")
                .when().options(votes).then().statusCode(204).header("Access-Control-Allow-Origin", partnerSite);
        for (String site : List.of(partnerSite, "https://www.enkhuizen.nl")) {
            RestAssured.given().header("Origin", site).header("Voter-Token", Polls.voterToken(LEAD))
                    .contentType("application/json").body(Map.of("optionIds", List.of(Polls.optionId(poll, 1))))
                    .when().post(votes).then().statusCode(201).header("Access-Control-Allow-Origin", site);
        }
        RestAssured.given().header("Origin", "https://www.stede-broec.nl").header("Voter-Token",
                        Polls.voterToken(LEAD)).contentType("application/json")
                .body(Map.of("optionIds", List.of(Polls.optionId(poll, 1))))
                .when().post(votes).then().statusCode(403);
        // Drechterland's site writes to an Enkhuizen poll only when it is a joint one
        Map<String, Object> own = Polls.open(LEAD, Map.of());
        RestAssured.given().header("Origin", partnerSite).header("Voter-Token", Polls.voterToken(LEAD))
                .contentType("application/json").body(Map.of("optionIds", List.of(Polls.optionId(own, 0))))
                .when().post("/api/v1/tenants/" + LEAD + "/polls/" + own.get("id") + "/votes").then().statusCode(403)
                .contentType("application/problem+json");
        RestAssured.given().header("Origin", partnerSite).contentType("application/json")
                .body(Map.of("body", "Vanaf de site van Drechterland"))
                .when().post("/api/v1/tenants/" + LEAD + "/consultations/" + consultationId + "/reactions")
                .then().statusCode(201);
    }

    @Test
    void auditedInEveryParticipantsLog() {
        for (String tenant : List.of(LEAD, PARTNER)) {
            List<String> actions = Api.as(Tokens.admin(tenant)).when()
                    .get("/tenants/{t}/audit-events?entityId={id}&limit=100", tenant, projectId)
                    .then().statusCode(200).extract().path("items.action");
            assertTrue(actions.contains("project.participants-changed"), tenant + ": " + actions);
            Api.as(Tokens.admin(tenant)).when()
                    .get("/tenants/{t}/audit-events?entityId={id}", tenant, consultationId)
                    .then().statusCode(200).body("items.action", hasItem("consultation.created"));
            Api.as(Tokens.admin(tenant)).when()
                    .get("/tenants/{t}/audit-events?entityId={id}", tenant, pollId())
                    .then().statusCode(200).body("items.action", hasItem("poll.created"));
        }
        Api.as(Tokens.admin(OUTSIDER)).when()
                .get("/tenants/{t}/audit-events?entityId={id}", OUTSIDER, projectId)
                .then().statusCode(200).body("items", equalTo(List.of()));
    }

    @Test
    void convertingNeedsTheAdminsConcernedAndBackOnlyWithoutTheirInput() {
        String id = Fixtures.project(LEAD, true);
        Map<String, Object> both = Map.of("tenants", List.of(LEAD, PARTNER));
        Api.as(Tokens.admin(LEAD)).body(both).when().put("/tenants/{t}/projects/{id}/participants", LEAD, id)
                .then().statusCode(403).contentType("application/problem+json");
        Api.as(Tokens.editor(LEAD)).body(both).when().put("/tenants/{t}/projects/{id}/participants", LEAD, id)
                .then().statusCode(403);
        Api.anonymous().body(both).when().put("/tenants/{t}/projects/{id}/participants", LEAD, id)
                .then().statusCode(401);
        Api.as(BOTH_ADMIN).body(Map.of("tenants", List.of(PARTNER)))
                .when().put("/tenants/{t}/projects/{id}/participants", LEAD, id).then().statusCode(409);
        Api.as(BOTH_ADMIN).body(Map.of("tenants", List.of(LEAD, "hoorn")))
                .when().put("/tenants/{t}/projects/{id}/participants", LEAD, id).then().statusCode(403);
        Api.as(Tokens.official("*", "admin")).body(Map.of("tenants", List.of(LEAD, "hoorn")))
                .when().put("/tenants/{t}/projects/{id}/participants", LEAD, id).then().statusCode(400)
                .body("errors[0].field", equalTo("tenants"));
        Api.as(BOTH_ADMIN).body(Map.of("tenants", "enkhuizen"))
                .when().put("/tenants/{t}/projects/{id}/participants", LEAD, id).then().statusCode(400);
        Api.as(BOTH_ADMIN).body("{\"tenants\": [").contentType("application/json")
                .when().put("/tenants/{t}/projects/{id}/participants", LEAD, id).then().statusCode(400);
        Api.as(BOTH_ADMIN).body(Map.of("tenants", List.of(LEAD, "Enkhuizen\n")))
                .when().put("/tenants/{t}/projects/{id}/participants", LEAD, id).then().statusCode(400);
        joint(id);
        Api.anonymous().when().get("/tenants/{t}/projects/{id}", PARTNER, id).then().statusCode(200);
        // nothing of Drechterland's attached yet: it may leave, and the project is Enkhuizen's alone again
        Api.as(BOTH_ADMIN).body(Map.of("tenants", List.of(LEAD)))
                .when().put("/tenants/{t}/projects/{id}/participants", PARTNER, id).then().statusCode(200)
                .body("participants", contains(LEAD));
        Api.anonymous().when().get("/tenants/{t}/projects/{id}", PARTNER, id).then().statusCode(404);
        // the joint project with Drechterland's votes and reactions cannot lose Drechterland
        Api.as(BOTH_ADMIN).body(Map.of("tenants", List.of(LEAD)))
                .when().put("/tenants/{t}/projects/{id}/participants", LEAD, projectIdWithPartnerInput())
                .then().statusCode(409).body("detail", containsString(PARTNER));
    }

    private String projectIdWithPartnerInput() {
        String token = Polls.voterToken(PARTNER);
        Api.anonymous().header("Voter-Token", token).body(Map.of("optionIds", List.of(Polls.optionId(poll, 1))))
                .when().post("/tenants/{t}/polls/{id}/votes", PARTNER, pollId()).then().statusCode(201);
        return projectId;
    }
}
