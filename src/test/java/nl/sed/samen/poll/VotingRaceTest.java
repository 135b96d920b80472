package nl.sed.samen.poll;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Database;
import nl.sed.samen.testsupport.Http;
import nl.sed.samen.testsupport.Polls;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/** Exactness under concurrency, against the real PostgreSQL: the database, not the service's memory, decides. */
@QuarkusTest
class VotingRaceTest {

    private static final String TENANT = "drechterland";

    private static List<Integer> race(List<Callable<Integer>> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (Callable<Integer> request : requests) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return request.call();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> future : futures) {
                statuses.add(future.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eightyVotersEachVotingTwiceAtOnceCountExactlyEighty() throws Exception {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("resultsVisibility", "always"));
        String id = (String) poll.get("id");
        List<String> options = List.of(Polls.optionId(poll, 0), Polls.optionId(poll, 1), Polls.optionId(poll, 2));
        List<Callable<Integer>> requests = new ArrayList<>();
        int[] expected = new int[3];
        for (int voter = 0; voter < 80; voter++) {
            String token = Polls.voterToken(TENANT);
            String option = options.get(voter % 3);
            expected[voter % 3]++;
            for (int attempt = 0; attempt < 2; attempt++) {
                requests.add(() -> Http.post("/tenants/" + TENANT + "/polls/" + id + "/votes",
                        Map.of("Voter-Token", token), "{\"optionIds\":[\"" + option + "\"]}"));
            }
        }
        List<Integer> statuses = race(requests);
        assertEquals(80, statuses.stream().filter(s -> s == 201).count(), "exactly one vote per voter: " + statuses);
        assertEquals(80, statuses.stream().filter(s -> s == 409).count(), "every second vote refused: " + statuses);
        Api.anonymous().when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then().statusCode(200)
                .body("totalVotes", equalTo(80))
                .body("options[0].votes", equalTo(expected[0]))
                .body("options[1].votes", equalTo(expected[1]))
                .body("options[2].votes", equalTo(expected[2]));
        assertEquals(80, Database.count("select count(*) from vote where poll_id = '" + id + "'"));
        assertEquals(80, Database.count("select sum(votes) from poll_option_tally where poll_id = '" + id + "'"));
    }

    @Test
    void aCodeCountsOnceEvenWhenTwoRequestsRace() throws Exception {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("votingMode", "code", "resultsVisibility", "always"));
        String id = (String) poll.get("id");
        String editor = Tokens.editor(TENANT);
        List<String> codes = Api.as(editor).body(Map.of("count", 3))
                .when().post("/tenants/{tenant}/polls/{id}/voting-codes", TENANT, id).then().statusCode(201)
                .body("count", equalTo(3)).body("codes", hasSize(3))
                .body("codes[0]", matchesPattern("[A-Z2-9]{5}-[A-Z2-9]{5}"))
                .extract().path("codes");
        for (String code : codes) {
            assertEquals(0, Database.count("select count(*) from voting_code where encode(code_hash, 'escape') like '%"
                    + code.replace("-", "") + "%'"), "codes are stored only as hashes");
        }
        String option = Polls.optionId(poll, 0);
        String body = "{\"optionIds\":[\"" + option + "\"],\"code\":\"" + codes.get(0) + "\"}";
        List<Callable<Integer>> twice = List.of(
                () -> Http.post("/tenants/" + TENANT + "/polls/" + id + "/votes", Map.of(), body),
                () -> Http.post("/tenants/" + TENANT + "/polls/" + id + "/votes", Map.of(), body));
        List<Integer> statuses = race(twice);
        assertEquals(List.of(201, 409), statuses.stream().sorted().toList());
        Api.anonymous().body(Map.of("optionIds", List.of(option), "code", codes.get(1).toLowerCase().replace("-", " ")))
                .when().post("/tenants/{tenant}/polls/{id}/votes", TENANT, id).then().statusCode(201);
        Api.anonymous().body(Map.of("optionIds", List.of(option), "code", "AAAAA-BBBBB"))
                .when().post("/tenants/{tenant}/polls/{id}/votes", TENANT, id).then().statusCode(403)
                .contentType("application/problem+json");
        Api.anonymous().body(Map.of("optionIds", List.of(option)))
                .when().post("/tenants/{tenant}/polls/{id}/votes", TENANT, id).then().statusCode(400)
                .body("errors[0].field", equalTo("code"));
        Api.anonymous().when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then().body("totalVotes", equalTo(2));
    }

    @Test
    void codesComeAsCsvForMailMergeAndOnlyForCodePolls() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("votingMode", "code"));
        String id = (String) poll.get("id");
        String editor = Tokens.editor(TENANT);
        String csv = Api.as(editor).accept("text/csv").body(Map.of("count", 2))
                .when().post("/tenants/{tenant}/polls/{id}/voting-codes", TENANT, id).then().statusCode(201)
                .contentType(startsWith("text/csv")).extract().asString();
        String[] lines = csv.strip().split("\r\n");
        assertEquals(3, lines.length);
        assertEquals("poll_id,code", lines[0]);
        Api.as(editor).body(Map.of("count", 0)).when()
                .post("/tenants/{tenant}/polls/{id}/voting-codes", TENANT, id).then().statusCode(400);
        Api.as(editor).body(Map.of("count", 5001)).when()
                .post("/tenants/{tenant}/polls/{id}/voting-codes", TENANT, id).then().statusCode(400);
        Api.as(Tokens.moderator(TENANT)).body(Map.of("count", 1)).when()
                .post("/tenants/{tenant}/polls/{id}/voting-codes", TENANT, id).then().statusCode(403);
        String openPoll = (String) Polls.open(TENANT, Map.of()).get("id");
        Api.as(editor).body(Map.of("count", 1)).when()
                .post("/tenants/{tenant}/polls/{id}/voting-codes", TENANT, openPoll).then().statusCode(409);
    }

    @Test
    void breakdownSuppressesGroupsUnderFive() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("resultsVisibility", "always"));
        String id = (String) poll.get("id");
        String option = Polls.optionId(poll, 0);
        for (int i = 0; i < 8; i++) {
            String ageBand = i < 6 ? "25-44" : "65-plus";
            Api.anonymous().header("Voter-Token", Polls.voterToken(TENANT))
                    .body(Map.of("optionIds", List.of(option), "ageBand", ageBand, "area", "Hem"))
                    .when().post("/tenants/{tenant}/polls/{id}/votes", TENANT, id).then().statusCode(201);
        }
        Api.as(Tokens.editor(TENANT)).when().get("/tenants/{tenant}/polls/{id}/breakdown", TENANT, id).then()
                .statusCode(200)
                .body("totalVotes", equalTo(8))
                .body("minimumGroupSize", equalTo(5))
                .body("options[0].votes", equalTo(8))
                // 65-plus (2) is under five; shown beside the total of 8, the 6 of 25-44 would give it away, so the
                // next group is hidden too (secondary suppression, common/GroupCount)
                .body("options[0].byAgeBand.find { it.group == '25-44' }.suppressed", equalTo(true))
                .body("options[0].byAgeBand.find { it.group == '25-44' }.count", equalTo(null))
                .body("options[0].byAgeBand.find { it.group == '65-plus' }.suppressed", equalTo(true))
                .body("options[0].byAgeBand.find { it.group == '65-plus' }.count", equalTo(null))
                .body("options[0].byArea.find { it.group == 'Hem' }.count", equalTo(8));
        Api.anonymous().when().get("/tenants/{tenant}/polls/{id}/breakdown", TENANT, id).then().statusCode(401);
        Api.as(Tokens.moderator(TENANT)).when().get("/tenants/{tenant}/polls/{id}/breakdown", TENANT, id).then()
                .statusCode(403);
    }
}
