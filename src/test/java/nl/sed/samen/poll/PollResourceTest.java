package nl.sed.samen.poll;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Database;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.Polls;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PollResourceTest {

    private static final String TENANT = "stede-broec";
    private final String editor = Tokens.editor(TENANT);

    private static Map<String, Object> pollBody(int options) {
        List<Map<String, String>> list = new java.util.ArrayList<>();
        for (int i = 0; i < options; i++) {
            list.add(Map.of("label", "Optie " + i));
        }
        return new HashMap<>(Map.of("question", "Wat kiest u?", "options", list));
    }

    @Test
    void editorCreatesADraftPollThatThePublicCannotSeeOrVoteIn() {
        String consultation = Fixtures.openConsultation(TENANT, "post");
        String id = Api.as(editor).body(pollBody(3))
                .when().post("/tenants/{tenant}/consultations/{id}/polls", TENANT, consultation)
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/tenants/stede-broec/polls/"))
                .body("status", equalTo("draft"))
                .body("options.size()", equalTo(3))
                .body("options[0].id", notNullValue())
                .body("maxChoices", equalTo(1))
                .body("resultsVisibility", equalTo("after-vote"))
                .body("votingMode", equalTo("open"))
                .extract().path("id");
        Api.anonymous().when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then().statusCode(404);
        Api.anonymous().when().get("/tenants/{tenant}/consultations/{c}/polls", TENANT, consultation).then()
                .statusCode(200).body("items.id", not(hasItem(id)));
        Api.as(Tokens.moderator(TENANT)).when().get("/tenants/{tenant}/consultations/{c}/polls", TENANT, consultation)
                .then().statusCode(200).body("items.id", hasItem(id));
        String optionId = Api.as(editor).when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then()
                .statusCode(200).extract().path("options[0].id");
        Api.anonymous().header("Voter-Token", Polls.voterToken(TENANT)).body(Map.of("optionIds", List.of(optionId)))
                .when().post("/tenants/{tenant}/polls/{id}/votes", TENANT, id).then().statusCode(404);
    }

    @Test
    void pollShapeIsValidated() {
        String consultation = Fixtures.openConsultation(TENANT, "post");
        String path = "/tenants/{tenant}/consultations/{id}/polls";
        Api.as(editor).body(pollBody(1)).when().post(path, TENANT, consultation).then().statusCode(400)
                .body("errors[0].field", equalTo("options"));
        Api.as(editor).body(pollBody(21)).when().post(path, TENANT, consultation).then().statusCode(400)
                .body("errors[0].field", equalTo("options"));
        Map<String, Object> tooMany = pollBody(3);
        tooMany.put("maxChoices", 4);
        Api.as(editor).body(tooMany).when().post(path, TENANT, consultation).then().statusCode(400)
                .body("errors[0].field", equalTo("maxChoices"));
        Map<String, Object> twice = new HashMap<>(Map.of("question", "Dubbel?",
                "options", List.of(Map.of("label", "Ja"), Map.of("label", "ja "))));
        Api.as(editor).body(twice).when().post(path, TENANT, consultation).then().statusCode(400)
                .body("errors[0].field", equalTo("options[1].label"));
        Map<String, Object> badMode = pollBody(2);
        badMode.put("votingMode", "secret");
        Api.as(editor).body(badMode).when().post(path, TENANT, consultation).then().statusCode(400)
                .body("errors[0].field", equalTo("votingMode"));
        Map<String, Object> blankLabel = new HashMap<>(Map.of("question", "Leeg?",
                "options", List.of(Map.of("label", " "), Map.of("label", "Nee"))));
        Api.as(editor).body(blankLabel).when().post(path, TENANT, consultation).then().statusCode(400)
                .body("errors.field", hasItem("options[0].label"));
        Api.as(Tokens.moderator(TENANT)).body(pollBody(2)).when().post(path, TENANT, consultation).then()
                .statusCode(403);
        Api.anonymous().body(pollBody(2)).when().post(path, TENANT, consultation).then().statusCode(401);
        Api.as(Tokens.official("*", "editor")).body(pollBody(2)).when().post(path, "enkhuizen", consultation).then()
                .statusCode(404);
    }

    @Test
    void oneVotePerVoterTokenAndExactResults() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("resultsVisibility", "always"));
        String id = (String) poll.get("id");
        String linde = Polls.optionId(poll, 0);
        String token = Polls.voterToken(TENANT);
        Api.anonymous().header("Voter-Token", token).body(Map.of("optionIds", List.of(linde), "ageBand", "25-44",
                        "area", "Grootebroek"))
                .when().post("/tenants/{tenant}/polls/{id}/votes", TENANT, id).then().statusCode(201)
                .body("optionIds", equalTo(List.of(linde)))
                .body("poll.totalVotes", equalTo(1))
                .body("poll.options[0].votes", equalTo(1))
                .body("poll.hasVoted", equalTo(true));
        Api.anonymous().header("Voter-Token", token).body(Map.of("optionIds", List.of(Polls.optionId(poll, 1))))
                .when().post("/tenants/{tenant}/polls/{id}/votes", TENANT, id).then().statusCode(409)
                .contentType("application/problem+json");
        Api.anonymous().when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then().statusCode(200)
                .body("totalVotes", equalTo(1)).body("options[0].votes", equalTo(1))
                .body("options[1].votes", equalTo(0)).body("hasVoted", nullValue());
    }

    @Test
    void afterVoteResultsAreHiddenUntilThisTokenVoted() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of());
        String id = (String) poll.get("id");
        String token = Polls.voterToken(TENANT);
        Api.anonymous().when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then().statusCode(200)
                .body("resultsVisible", equalTo(false)).body("$", not(hasKey("totalVotes")))
                .body("options[0]", not(hasKey("votes")));
        Api.anonymous().header("Voter-Token", token).when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then()
                .statusCode(200).body("hasVoted", equalTo(false)).body("resultsVisible", equalTo(false))
                .header("Cache-Control", "private, no-cache");
        Api.anonymous().header("Voter-Token", token).body(Map.of("optionIds", List.of(Polls.optionId(poll, 2))))
                .when().post("/tenants/{tenant}/polls/{id}/votes", TENANT, id).then().statusCode(201)
                .body("poll.resultsVisible", equalTo(true)).body("poll.options[2].votes", equalTo(1));
        Api.anonymous().header("Voter-Token", token).when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then()
                .statusCode(200).body("hasVoted", equalTo(true)).body("options[2].votes", equalTo(1));
        Api.anonymous().header("Voter-Token", Polls.voterToken(TENANT)).when()
                .get("/tenants/{tenant}/polls/{id}", TENANT, id).then().statusCode(200)
                .body("resultsVisible", equalTo(false));
        Api.as(editor).when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then().statusCode(200)
                .body("totalVotes", equalTo(1));
    }

    @Test
    void afterCloseResultsStayHiddenUntilTheEnd() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("resultsVisibility", "after-close"));
        String id = (String) poll.get("id");
        String token = Polls.voterToken(TENANT);
        Api.anonymous().header("Voter-Token", token).body(Map.of("optionIds", List.of(Polls.optionId(poll, 0))))
                .when().post("/tenants/{tenant}/polls/{id}/votes", TENANT, id).then().statusCode(201)
                .body("poll.resultsVisible", equalTo(false)).body("poll", not(hasKey("totalVotes")));
        Api.anonymous().header("Voter-Token", token).when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then()
                .statusCode(200).body("resultsVisible", equalTo(false));
        Api.as(editor).body(Map.of("status", "closed")).when().patch("/tenants/{tenant}/polls/{id}", TENANT, id)
                .then().statusCode(200).body("status", equalTo("closed"));
        Api.anonymous().when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then().statusCode(200)
                .body("resultsVisible", equalTo(true)).body("totalVotes", equalTo(1));
        Api.anonymous().header("Voter-Token", Polls.voterToken(TENANT))
                .body(Map.of("optionIds", List.of(Polls.optionId(poll, 0))))
                .when().post("/tenants/{tenant}/polls/{id}/votes", TENANT, id).then().statusCode(409);
    }

    @Test
    void badBallotsAreClear4xx() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("maxChoices", 2));
        String id = (String) poll.get("id");
        String votes = "/tenants/{tenant}/polls/{id}/votes";
        String token = Polls.voterToken(TENANT);
        Api.anonymous().header("Voter-Token", token)
                .body(Map.of("optionIds", List.of("7a1f3c56-0000-4000-8000-000000000000"))).when()
                .post(votes, TENANT, id).then().statusCode(400).body("errors[0].field", equalTo("optionIds"));
        Api.anonymous().header("Voter-Token", token).body(Map.of("optionIds", List.of(Polls.optionId(poll, 0),
                Polls.optionId(poll, 1), Polls.optionId(poll, 2)))).when()
                .post(votes, TENANT, id).then().statusCode(400).body("errors[0].field", equalTo("optionIds"));
        Api.anonymous().header("Voter-Token", token).body(Map.of("optionIds", List.of(Polls.optionId(poll, 0),
                Polls.optionId(poll, 0)))).when().post(votes, TENANT, id).then().statusCode(400);
        Api.anonymous().header("Voter-Token", token).body(Map.of("optionIds", List.of())).when()
                .post(votes, TENANT, id).then().statusCode(400);
        Api.anonymous().header("Voter-Token", token).body(Map.of("optionIds", List.of("nope"))).when()
                .post(votes, TENANT, id).then().statusCode(400);
        Api.anonymous().header("Voter-Token", token).body(Map.of("optionIds", List.of(Polls.optionId(poll, 0)),
                "area", "Amsterdam")).when().post(votes, TENANT, id).then().statusCode(400)
                .body("errors[0].field", equalTo("area"));
        Api.anonymous().header("Voter-Token", token).body(Map.of("optionIds", List.of(Polls.optionId(poll, 0)),
                "ageBand", "twenties")).when().post(votes, TENANT, id).then().statusCode(400)
                .body("errors[0].field", equalTo("ageBand"));
        Api.anonymous().body(Map.of("optionIds", List.of(Polls.optionId(poll, 0)))).when()
                .post(votes, TENANT, id).then().statusCode(401).contentType("application/problem+json");
        String forged = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        Api.anonymous().header("Voter-Token", forged).body(Map.of("optionIds", List.of(Polls.optionId(poll, 0))))
                .when().post(votes, TENANT, id).then().statusCode(401);
        Api.anonymous().header("Voter-Token", "garbage").body(Map.of("optionIds", List.of(Polls.optionId(poll, 0))))
                .when().post(votes, TENANT, id).then().statusCode(401);
        Api.anonymous().header("Voter-Token", Polls.voterToken("enkhuizen"))
                .body(Map.of("optionIds", List.of(Polls.optionId(poll, 0))))
                .when().post(votes, TENANT, id).then().statusCode(401);
        Api.anonymous().header("Voter-Token", Polls.voterToken("enkhuizen"))
                .body(Map.of("optionIds", List.of(Polls.optionId(poll, 0))))
                .when().post(votes, "enkhuizen", id).then().statusCode(404);
        Api.anonymous().header("Voter-Token", token).body(Map.of("optionIds", List.of(Polls.optionId(poll, 0)),
                "code", "ABCDE-FGHJK")).when().post(votes, TENANT, id).then().statusCode(400)
                .body("errors[0].field", equalTo("code"));
        Api.anonymous().header("Voter-Token", token).body(Map.of("optionIds", List.of(Polls.optionId(poll, 0),
                Polls.optionId(poll, 2)))).when().post(votes, TENANT, id).then().statusCode(201)
                .body("optionIds.size()", equalTo(2));
    }

    @Test
    void expiredVoterTokenIs401() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of());
        String expired = VoterTokenForgery.signed(TENANT, java.time.Instant.now().minusSeconds(60));
        String valid = VoterTokenForgery.signed(TENANT, java.time.Instant.now().plusSeconds(600));
        Api.anonymous().header("Voter-Token", expired).body(Map.of("optionIds", List.of(Polls.optionId(poll, 0))))
                .when().post("/tenants/{tenant}/polls/{id}/votes", TENANT, poll.get("id")).then().statusCode(401)
                .body("detail", containsString("expired"));
        Api.anonymous().header("Voter-Token", valid).body(Map.of("optionIds", List.of(Polls.optionId(poll, 0))))
                .when().post("/tenants/{tenant}/polls/{id}/votes", TENANT, poll.get("id")).then().statusCode(201);
    }

    @Test
    void voterTokensIdentifyNoOne() {
        Api.anonymous().when().post("/tenants/{tenant}/voter-tokens", TENANT).then().statusCode(201)
                .body("token", notNullValue()).body("expiresAt", notNullValue());
        Api.anonymous().when().post("/tenants/{tenant}/voter-tokens", "amsterdam").then().statusCode(404);
        assertEquals(0, Database.count("select count(*) from information_schema.columns where table_schema = 'public'"
                + " and (column_name in ('ip', 'ip_address', 'client_ip', 'remote_address', 'user_agent')"
                + " or column_name like '%\\_ip' or column_name like 'ip\\_%')"));
    }

    @Test
    void lifecycleAndEditRules() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of());
        String id = (String) poll.get("id");
        String path = "/tenants/{tenant}/polls/{id}";
        Api.as(editor).body(Map.of("question", "Anders?")).when().patch(path, TENANT, id).then().statusCode(409);
        Api.as(editor).body(Map.of("status", "draft")).when().patch(path, TENANT, id).then().statusCode(409);
        Api.as(editor).body(Map.of("resultsVisibility", "always")).when().patch(path, TENANT, id).then()
                .statusCode(200).body("resultsVisibility", equalTo("always"));
        Api.as(editor).body(Map.of("status", "closed")).when().patch(path, TENANT, id).then().statusCode(200);
        Api.as(editor).body(Map.of("status", "open")).when().patch(path, TENANT, id).then().statusCode(409);
        Api.as(Tokens.editor("enkhuizen")).body(Map.of("status", "closed")).when().patch(path, TENANT, id).then()
                .statusCode(403);
        Api.as(Tokens.official("*", "admin")).body(Map.of("status", "closed")).when().patch(path, "enkhuizen", id)
                .then().statusCode(404);
        Api.anonymous().when().get(path, TENANT, "abc").then().statusCode(400);
    }

    @Test
    void pollClosesByItself() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("resultsVisibility", "after-close"));
        String id = (String) poll.get("id");
        Database.execute("update poll set closes_at = now() - interval '1 second' where id = '" + id + "'");
        Api.anonymous().when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then().statusCode(200)
                .body("status", equalTo("closed")).body("acceptingVotes", equalTo(false))
                .body("resultsVisible", equalTo(true));
        Api.anonymous().header("Voter-Token", Polls.voterToken(TENANT))
                .body(Map.of("optionIds", List.of(Polls.optionId(poll, 0))))
                .when().post("/tenants/{tenant}/polls/{id}/votes", TENANT, id).then().statusCode(409);
    }

    @Test
    void publicPollGetAnswers304() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("resultsVisibility", "always"));
        String id = (String) poll.get("id");
        String etag = Api.anonymous().when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then().statusCode(200)
                .header("Cache-Control", "public, max-age=5").extract().header("ETag");
        Api.anonymous().header("If-None-Match", etag).when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then()
                .statusCode(304);
        Api.anonymous().header("Voter-Token", Polls.voterToken(TENANT))
                .body(Map.of("optionIds", List.of(Polls.optionId(poll, 0))))
                .when().post("/tenants/{tenant}/polls/{id}/votes", TENANT, id).then().statusCode(201);
        Api.anonymous().header("If-None-Match", etag).when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then()
                .statusCode(200).body("totalVotes", equalTo(1));
    }

    @Test
    void theAnonymousViewShowsAWriteThroughThisInstanceAtOnce() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("resultsVisibility", "always"));
        String id = (String) poll.get("id");
        Api.anonymous().when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then().statusCode(200)
                .body("totalVotes", equalTo(0))
                .header("Vary", containsString("Voter-Token"));
        for (int voted = 1; voted <= 3; voted++) {
            Api.anonymous().header("Voter-Token", Polls.voterToken(TENANT))
                    .body(Map.of("optionIds", List.of(Polls.optionId(poll, 1))))
                    .when().post("/tenants/{tenant}/polls/{id}/votes", TENANT, id).then().statusCode(201);
            Api.anonymous().when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then().statusCode(200)
                    .body("totalVotes", equalTo(voted)).body("options[1].votes", equalTo(voted));
        }
        Api.as(editor).body(Map.of("status", "closed")).when().patch("/tenants/{tenant}/polls/{id}", TENANT, id)
                .then().statusCode(200);
        Api.anonymous().when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then().statusCode(200)
                .body("status", equalTo("closed")).body("acceptingVotes", equalTo(false));
    }

    @Test
    void aWriteThroughAnotherInstanceShowsWithinTheViewLifetime() throws InterruptedException {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("resultsVisibility", "always"));
        String id = (String) poll.get("id");
        Api.anonymous().when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then().body("totalVotes", equalTo(0));
        // what another instance's vote leaves in the database: the ballot and its counts, in one statement
        Database.execute("with ballot as (insert into vote (poll_id, voter, option_ids, cast_at) values ('" + id
                + "', 'elsewhere', array['" + Polls.optionId(poll, 0) + "']::uuid[], now()) returning poll_id), "
                + "o as (insert into poll_option_tally (poll_id, option_id, slot, votes) select poll_id, '"
                + Polls.optionId(poll, 0) + "', 0, 1 from ballot returning 1) "
                + "insert into poll_ballot_tally (poll_id, slot, ballots) select poll_id, 0, 1 from ballot");
        // personal views are never kept
        Api.as(editor).when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then().body("totalVotes", equalTo(1));
        Integer seen = null;
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && !Integer.valueOf(1).equals(seen)) {
            seen = Api.anonymous().when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then().statusCode(200)
                    .extract().path("totalVotes");
            Thread.sleep(100);
        }
        assertEquals(1, seen, "the kept view outlived samen.polls.public-view-ttl (1 s)");
    }

    @Test
    void theAnonymousViewClosesOnTime() throws InterruptedException {
        java.time.Instant closesAt = java.time.Instant.now().plusSeconds(4);
        Map<String, Object> poll = Polls.open(TENANT, Map.of("resultsVisibility", "after-close",
                "closesAt", closesAt.toString()));
        String id = (String) poll.get("id");
        Api.anonymous().when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then().statusCode(200)
                .body("status", equalTo("open")).body("resultsVisible", equalTo(false));
        Thread.sleep(Math.max(0, java.time.Duration.between(java.time.Instant.now(), closesAt).toMillis()) + 50);
        Api.anonymous().when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then().statusCode(200)
                .body("status", equalTo("closed")).body("resultsVisible", equalTo(true))
                .body("totalVotes", equalTo(0));
    }

    @Test
    void aPollClosedThroughAnotherInstanceTakesNoMoreVotesHere() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("votingMode", "code", "resultsVisibility", "always"));
        String id = (String) poll.get("id");
        List<String> codes = Api.as(editor).body(Map.of("count", 2))
                .when().post("/tenants/{tenant}/polls/{id}/voting-codes", TENANT, id).then().statusCode(201)
                .extract().path("codes");
        String option = Polls.optionId(poll, 0);
        // the first vote leaves this instance with the poll's rules in memory
        Api.anonymous().body(Map.of("optionIds", List.of(option), "code", codes.get(0)))
                .when().post("/tenants/{tenant}/polls/{id}/votes", TENANT, id).then().statusCode(201);
        // what another instance's close leaves in the database
        Database.execute("update poll set status = 'CLOSED', closed_at = now() where id = '" + id + "'");
        Api.anonymous().body(Map.of("optionIds", List.of(option), "code", codes.get(1)))
                .when().post("/tenants/{tenant}/polls/{id}/votes", TENANT, id).then().statusCode(409)
                .contentType("application/problem+json");
        assertEquals(1, Database.count("select count(*) from vote where poll_id = '" + id + "'"));
        assertEquals(1, Database.count("select count(*) from voting_code where poll_id = '" + id
                + "' and used_at is not null"), "the refused ballot leaves its code unused");
        assertEquals(1, Database.count("select sum(ballots) from poll_ballot_tally where poll_id = '" + id + "'"));
    }

    @Test
    void fiveThousandCodesAreStoredAtOnceAndEachVotesOnce() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("votingMode", "code"));
        String id = (String) poll.get("id");
        List<String> codes = Api.as(editor).body(Map.of("count", 5000))
                .when().post("/tenants/{tenant}/polls/{id}/voting-codes", TENANT, id).then().statusCode(201)
                .body("count", equalTo(5000)).extract().path("codes");
        assertEquals(5000, new java.util.HashSet<>(codes).size());
        assertEquals(5000, Database.count("select count(*) from voting_code where poll_id = '" + id
                + "' and used_at is null"));
        String option = Polls.optionId(poll, 0);
        Api.anonymous().body(Map.of("optionIds", List.of(option), "code", codes.get(4999).toLowerCase()))
                .when().post("/tenants/{tenant}/polls/{id}/votes", TENANT, id).then().statusCode(201);
        Api.anonymous().body(Map.of("optionIds", List.of(option), "code", codes.get(4999)))
                .when().post("/tenants/{tenant}/polls/{id}/votes", TENANT, id).then().statusCode(409);
    }
}
