package nl.sed.samen.defence;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Database;
import nl.sed.samen.testsupport.Polls;
import nl.sed.samen.testsupport.ProofOfWorkSolver;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * The allowance of votes, which the ballot statement takes from itself ({@link RateLimits#TAKE_CTE}): free, then each
 * ballot with a proof-of-work of the level its network has reached, then a 429; a ballot refused for want of a
 * proof-of-work takes nothing; a code poll's take comes before the code is tried, so wrong codes cost it too.
 */
@QuarkusTest
@TestProfile(VoteAllowanceTest.SmallAllowance.class)
class VoteAllowanceTest {

    static final int FREE = 2;
    static final int WITH_PROOF_OF_WORK = 4;
    static final String PROOF_OF_WORK_REQUIRED = "https://samen.sed-wf.nl/problems/proof-of-work-required";

    /** Two free votes an hour per network, four more with proof-of-work; cheap challenges. */
    public static class SmallAllowance implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("samen.rate-limits.votes.capacity", String.valueOf(FREE),
                    "samen.rate-limits.votes.with-proof-of-work", String.valueOf(WITH_PROOF_OF_WORK),
                    "samen.rate-limits.votes.period", "PT1H",
                    "samen.proof-of-work.max-number", "1000");
        }
    }

    /** A vote from this network with a voter token of its own (issued elsewhere, so the tokens' allowance is apart). */
    private static ExtractableResponse<Response> vote(String tenant, Map<String, Object> poll, String network,
            String altcha) {
        var request = given().header("X-Forwarded-For", network).header("Voter-Token", Polls.voterToken(tenant))
                .contentType("application/json").body(Map.of("optionIds", List.of(Polls.optionId(poll, 0))));
        if (altcha != null) {
            request.header("Altcha", altcha);
        }
        return request.when().post("/api/v1/tenants/" + tenant + "/polls/" + poll.get("id") + "/votes").then()
                .extract();
    }

    private static int addresses;

    /** Another address of one IPv6 /64 each time: a household's or a phone carrier's prefix is one network. */
    private static String inSlash64() {
        return "2001:db8:141:1:" + Integer.toHexString(++addresses) + "::" + Integer.toHexString(7 * addresses);
    }

    @Test
    void freeThenEachWithTheProofOfWorkOfItsLevelThenTooMany() {
        Map<String, Object> poll = Polls.open("enkhuizen", Map.of());
        for (int i = 0; i < FREE; i++) {
            assertEquals(201, vote("enkhuizen", poll, inSlash64(), null).statusCode(), "free vote " + i);
        }
        List<Long> difficulties = new ArrayList<>();
        for (int i = 0; i < WITH_PROOF_OF_WORK; i++) {
            // refused for want of a proof-of-work: twice, and neither takes anything from the allowance
            for (int refusal = 0; refusal < 2; refusal++) {
                ExtractableResponse<Response> refused = vote("enkhuizen", poll, inSlash64(), null);
                assertEquals(403, refused.statusCode());
                assertEquals(PROOF_OF_WORK_REQUIRED, refused.path("type"));
                assertEquals("/api/v1/tenants/enkhuizen/proof-of-work", refused.path("challengeUrl"));
            }
            Map<String, Object> challenge = ProofOfWorkSolver.challenge("enkhuizen", inSlash64());
            difficulties.add(((Number) challenge.get("maxnumber")).longValue());
            String solution = ProofOfWorkSolver.solve(challenge);
            assertEquals(201, vote("enkhuizen", poll, inSlash64(), solution).statusCode(), "with proof-of-work " + i);
            if (i < WITH_PROOF_OF_WORK - 1) {
                // (after the last one the bucket is empty, and that is a 429 whatever the request brings)
                assertEquals(403, vote("enkhuizen", poll, inSlash64(), solution).statusCode(), "a solution counts once");
            }
        }
        assertEquals(List.of(1000L, 2000L, 4000L, 8000L), difficulties, "one level harder with each");
        ExtractableResponse<Response> tooMany = vote("enkhuizen", poll, inSlash64(),
                ProofOfWorkSolver.solve("enkhuizen", inSlash64()));
        assertEquals(429, tooMany.statusCode());
        assertEquals("application/problem+json", tooMany.contentType());
        int retryAfter = Integer.parseInt(tooMany.header("Retry-After"));
        // six an hour: the next one in at most ten minutes
        assertTrue(retryAfter > 0 && retryAfter <= 602, "Retry-After " + retryAfter);
        assertEquals(FREE + WITH_PROOF_OF_WORK, Database.count("select count(*) from vote where poll_id = '"
                + poll.get("id") + "'"), "every admitted ballot in, no refused one");
        // the allowance is this network's in this tenant
        assertEquals(201, vote("enkhuizen", poll, "2001:db8:141:2::1", null).statusCode(), "another /64");
        assertEquals(201, vote("stede-broec", Polls.open("stede-broec", Map.of()), inSlash64(), null).statusCode());
    }

    @Test
    void aSolutionOfTooEasyALevelDoesNotPass() {
        String network = "198.51.100.142";
        Map<String, Object> poll = Polls.open("drechterland", Map.of());
        String easy = ProofOfWorkSolver.solve("drechterland", network);
        for (int i = 0; i < FREE; i++) {
            assertEquals(201, vote("drechterland", poll, network, null).statusCode());
        }
        // levels 1 and 2 with their own solutions; the third (level 3) asks at least level 2
        for (int i = 0; i < 2; i++) {
            assertEquals(201, vote("drechterland", poll, network, ProofOfWorkSolver.solve("drechterland", network))
                    .statusCode());
        }
        ExtractableResponse<Response> refused = vote("drechterland", poll, network, easy);
        assertEquals(403, refused.statusCode());
        assertEquals(PROOF_OF_WORK_REQUIRED, refused.path("type"));
        assertTrue(((String) refused.path("detail")).contains("harder"), refused.asString());
        assertEquals(201, vote("drechterland", poll, network, ProofOfWorkSolver.solve("drechterland", network))
                .statusCode(), "the easy solution took nothing: the bucket is where it was");
    }

    @Test
    void wrongCodesCostTheAllowanceToo() {
        String network = "2001:db8:140:1::1";
        Map<String, Object> poll = Polls.open("enkhuizen", Map.of("votingMode", "code"));
        String id = (String) poll.get("id");
        List<String> codes = Api.as(Tokens.editor("enkhuizen")).body(Map.of("count", 1))
                .when().post("/tenants/enkhuizen/polls/{id}/voting-codes", id).then().statusCode(201)
                .extract().path("codes");
        for (int i = 0; i < FREE; i++) {
            ExtractableResponse<Response> wrong = codeVote(id, poll, network, "GEEN-CODE-" + i);
            assertEquals(403, wrong.statusCode());
            assertNotEquals(PROOF_OF_WORK_REQUIRED, wrong.path("type"), "a wrong code, within the free allowance");
        }
        ExtractableResponse<Response> guessing = codeVote(id, poll, network, "GEEN-CODE-X");
        assertEquals(403, guessing.statusCode());
        assertEquals(PROOF_OF_WORK_REQUIRED, guessing.path("type"), "past it, guessing needs proof-of-work");
        assertEquals(201, codeVote(id, poll, "2001:db8:140:2::1", codes.get(0)).statusCode(),
                "the right code from another network");
        assertEquals(1, Database.count("select count(*) from voting_code where poll_id = '" + id
                + "' and used_at is not null"));
    }

    private static ExtractableResponse<Response> codeVote(String id, Map<String, Object> poll, String network,
            String code) {
        return given().header("X-Forwarded-For", network).contentType("application/json")
                .body(Map.of("optionIds", List.of(Polls.optionId(poll, 0)), "code", code))
                .when().post("/api/v1/tenants/enkhuizen/polls/" + id + "/votes").then().extract();
    }
}
