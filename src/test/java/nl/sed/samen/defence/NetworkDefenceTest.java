package nl.sed.samen.defence;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.sed.samen.common.Clock;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Database;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.Http;
import nl.sed.samen.testsupport.Polls;
import nl.sed.samen.testsupport.PostgresResource;
import nl.sed.samen.testsupport.ProofOfWorkSolver;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * The network model of the anonymous defences with the shipped allowances (README, "Abuse defence"), against the real
 * PostgreSQL: a client is an IPv4 address or an IPv6 /64 behind CIDR-trusted proxies; past the free allowance a write
 * needs a proof-of-work, then a 429; ballots per poll per network per day; flags per network.
 */
@QuarkusTest
@TestProfile(NetworkDefenceTest.ShippedAllowances.class)
class NetworkDefenceTest {

    static final int BALLOTS_PER_POLL = 100;
    static final String PROOF_OF_WORK_REQUIRED = "https://samen.sed-wf.nl/problems/proof-of-work-required";

    /** The allowances of application.properties (the test profile raises them), a cheap challenge, CIDR proxies. */
    public static class ShippedAllowances implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new LinkedHashMap<>();
            config.put("samen.rate-limits.voter-tokens.capacity", "100");
            config.put("samen.rate-limits.voter-tokens.with-proof-of-work", "200");
            config.put("samen.rate-limits.votes.capacity", "200");
            config.put("samen.rate-limits.votes.with-proof-of-work", "400");
            config.put("samen.rate-limits.reactions.capacity", "30");
            config.put("samen.rate-limits.reactions.with-proof-of-work", "60");
            config.put("samen.rate-limits.flags.capacity", "20");
            config.put("samen.rate-limits.flags.with-proof-of-work", "40");
            // a smaller per-poll allowance than the shipped 500, so filling it takes seconds
            config.put("samen.rate-limits.ballots-per-poll-per-network", String.valueOf(BALLOTS_PER_POLL));
            // the lowest level's work; the suite solves hundreds of challenges
            config.put("samen.proof-of-work.max-number", "1000");
            config.put("samen.trusted-proxies", "127.0.0.0/29, ::1");
            return config;
        }
    }

    private static String tokens(String tenant) {
        return "/api/v1/tenants/" + tenant + "/voter-tokens";
    }

    private static ExtractableResponse<Response> token(String tenant, String forwardedFor, String altcha) {
        var request = given().header("X-Forwarded-For", forwardedFor);
        if (altcha != null) {
            request.header("Altcha", altcha);
        }
        return request.when().post(tokens(tenant)).then().extract();
    }

    private static int vote(String tenant, Map<String, Object> poll, String forwardedFor, String token) {
        return given().header("X-Forwarded-For", forwardedFor).header("Voter-Token", token)
                .contentType("application/json").body(Map.of("optionIds", List.of(Polls.optionId(poll, 0))))
                .when().post("/api/v1/tenants/" + tenant + "/polls/" + poll.get("id") + "/votes").then().extract()
                .statusCode();
    }

    @Test
    void eightyResidentsBehindOneAddressGetTokensAndVote() throws Exception {
        String school = "203.0.113.80";
        Map<String, Object> poll = Polls.open("enkhuizen", Map.of());
        ExecutorService classroom = Executors.newFixedThreadPool(8);
        try {
            List<Future<int[]>> residents = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                residents.add(classroom.submit(() -> {
                    ExtractableResponse<Response> issued = token("enkhuizen", school, null);
                    int voted = issued.statusCode() == 201
                            ? vote("enkhuizen", poll, school, issued.path("token")) : -1;
                    return new int[] {issued.statusCode(), voted};
                }));
            }
            for (Future<int[]> resident : residents) {
                int[] outcome = resident.get();
                assertEquals(201, outcome[0], "a token for every resident, without proof-of-work");
                assertEquals(201, outcome[1], "and a vote");
            }
        } finally {
            classroom.shutdownNow();
        }
        assertEquals(80, Database.count("select count(*) from vote where poll_id = '" + poll.get("id") + "'"));
    }

    @Test
    void fourHundredRequestsFromOneSlash64MeetProofOfWorkThenTooManyRequests() {
        int free = 0;
        int solved = 0;
        int refused = 0;
        long firstDifficulty = 0;
        long lastDifficulty = 0;
        long started = System.nanoTime();
        for (int i = 0; i < 400; i++) {
            // every request from another address of the same /64, as an IPv6 user can do at will
            String address = "2001:db8:64:1:" + Integer.toHexString(i + 1) + ":0:0:" + Integer.toHexString(7 * i + 3);
            ExtractableResponse<Response> first = token("drechterland", address, null);
            if (first.statusCode() == 201) {
                assertEquals(0, solved + refused, "free requests come first");
                free++;
                continue;
            }
            if (first.statusCode() == 429) {
                assertTrue(Integer.parseInt(first.header("Retry-After")) > 0);
                refused++;
                continue;
            }
            assertEquals(403, first.statusCode());
            assertEquals(PROOF_OF_WORK_REQUIRED, first.path("type"));
            assertEquals("/api/v1/tenants/drechterland/proof-of-work", first.path("challengeUrl"));
            Map<String, Object> challenge = given().header("X-Forwarded-For", address).when()
                    .get((String) first.path("challengeUrl")).then().statusCode(200).extract().as(Map.class);
            long difficulty = ((Number) challenge.get("maxnumber")).longValue();
            firstDifficulty = firstDifficulty == 0 ? difficulty : firstDifficulty;
            lastDifficulty = difficulty;
            ExtractableResponse<Response> retried = token("drechterland", address,
                    ProofOfWorkSolver.solve(challenge));
            if (retried.statusCode() == 429) {
                refused++;
                continue;
            }
            assertEquals(201, retried.statusCode(), "the same request with a solution");
            solved++;
        }
        // the bucket refills evenly (300 an hour, one every 12 s) while the test runs
        long refilled = (System.nanoTime() - started) / 12_000_000_000L + 1;
        assertTrue(free >= 100 && free <= 100 + refilled, "free: " + free);
        assertTrue(solved >= 200 && solved <= 200 + refilled, "with proof-of-work: " + solved);
        assertTrue(refused >= 100 - refilled, "then 429: " + refused);
        assertEquals(1000, firstDifficulty, "the lowest level first");
        assertEquals(8000, lastDifficulty, "and harder the further past the free allowance");
        // another /64 of the same provider is another network
        assertEquals(201, token("drechterland", "2001:db8:64:2::1", null).statusCode());
    }

    @Test
    void aSolutionOfAnEasierLevelDoesNotPassAndIsNotReused() {
        String address = "2001:db8:65:1::1";
        String easy = ProofOfWorkSolver.solve("enkhuizen", address);
        for (int i = 0; i < 100; i++) {
            assertEquals(201, token("enkhuizen", address, null).statusCode());
        }
        // levels 1 to 3 (the bucket refills a few while this runs): then a level-1 solution is two levels short
        for (int i = 0; i < 140; i++) {
            assertEquals(201, token("enkhuizen", address, ProofOfWorkSolver.solve("enkhuizen", address)).statusCode());
        }
        ExtractableResponse<Response> refused = token("enkhuizen", address, easy);
        assertEquals(403, refused.statusCode());
        assertEquals(PROOF_OF_WORK_REQUIRED, refused.path("type"));
        String solution = ProofOfWorkSolver.solve("enkhuizen", address);
        assertEquals(201, token("enkhuizen", address, solution).statusCode());
        assertEquals(403, token("enkhuizen", address, solution).statusCode(), "a solution counts once");
    }

    @Test
    void residentsThroughACidrTrustedProxyEachHaveTheirOwnAllowance() throws Exception {
        int port = RestAssured.port;
        // two ingress pods of the trusted range 127.0.0.0/29, each forwarding residents of their own
        assertEquals(403, freeRequests("127.0.0.3", port, i -> "198.51.100.200"), "past one resident's free allowance");
        assertEquals(201, RawPost.from("127.0.0.3", port, tokens("stede-broec"), "198.51.100.201"));
        assertEquals(201, RawPost.from("127.0.0.5", port, tokens("stede-broec"), "198.51.100.202"));
        // whatever a resident puts in front of the header, the right-most untrusted hop is the resident
        assertEquals(201, RawPost.from("127.0.0.3", port, tokens("stede-broec"), "127.0.0.2, 198.51.100.203"));
        // an address outside the trusted range is a client of its own, whatever X-Forwarded-For it sends
        assertEquals(403, freeRequests("127.0.0.9", port, i -> "198.51.100." + i),
                "made-up X-Forwarded-For values from an untrusted address are not new clients");
    }

    /** Sends voter-token requests until the first that is not free; its status (the count must be the allowance). */
    private static int freeRequests(String from, int port, java.util.function.IntFunction<String> forwardedFor)
            throws Exception {
        for (int i = 0; i < 110; i++) {
            int status = RawPost.from(from, port, tokens("stede-broec"), forwardedFor.apply(i));
            if (status != 201) {
                assertTrue(i >= 100 && i <= 102, "free requests: " + i);
                return status;
            }
        }
        return 201;
    }

    @Test
    void midnightRotationGivesNoFreshPerPollAllowance() {
        Map<String, Object> poll = Polls.open("stede-broec", Map.of());
        String network = "192.0.2.200";
        Instant evening = LocalDate.now(ZoneOffset.UTC).plusDays(3).atTime(23, 50).toInstant(ZoneOffset.UTC);
        QuarkusMock.installMockForType(new FixedClock(evening), Clock.class);
        for (int i = 0; i < BALLOTS_PER_POLL; i++) {
            // tokens fetched elsewhere (a token is not tied to a network), all voting from one network
            String token = token("stede-broec", "192.0.2." + (i % 100), null).path("token");
            assertEquals(201, vote("stede-broec", poll, network, token), "ballot " + i);
        }
        String spare = token("stede-broec", "198.18.0.1", null).path("token");
        assertEquals(429, vote("stede-broec", poll, network, spare), "the network's ballots in this poll today");
        // just past midnight: a new daily key, and still no fresh allowance
        QuarkusMock.installMockForType(new FixedClock(evening.plus(Duration.ofMinutes(11))), Clock.class);
        String another = token("stede-broec", "198.18.0.2", null).path("token");
        assertEquals(429, vote("stede-broec", poll, network, another), "midnight gives nothing back");
        assertEquals(201, vote("stede-broec", poll, "192.0.2.201", another), "another network votes");
        // by noon yesterday's ballots weigh half: the network votes again
        QuarkusMock.installMockForType(new FixedClock(evening.plus(Duration.ofHours(12).plusMinutes(10))),
                Clock.class);
        assertEquals(201, vote("stede-broec", poll, network, token("stede-broec", "198.18.0.3", null).path("token")));
        // officials see how many ballots came from busy networks, and no network
        Api.as(Tokens.editor("stede-broec")).when().get("/tenants/stede-broec/polls/{id}/breakdown", poll.get("id"))
                .then().statusCode(200)
                .body("integrity.ballotsFromBusyNetworks", equalTo(BALLOTS_PER_POLL + 1))
                .body("integrity.busyAbove", equalTo(BALLOTS_PER_POLL / 2))
                .body("integrity.allowancePerDay", equalTo(BALLOTS_PER_POLL));
    }

    /**
     * A code poll's ballots count against the network like a token's, and a network is an IPv6 /64: every ballot here
     * comes from another address of one /64 (a household's or a phone carrier's prefix), so they count together. A
     * ballot refused for the network's allowance leaves its code unused (the code and the ballot are one
     * transaction), and every answer carries the counts with its own ballot in them (the ballot statement returns
     * them).
     */
    @Test
    void aCodeRefusedForTheNetworksAllowanceStaysUnused() {
        Map<String, Object> poll = Polls.open("drechterland", Map.of("votingMode", "code", "resultsVisibility", "always"));
        String id = (String) poll.get("id");
        List<String> codes = Api.as(Tokens.editor("drechterland")).body(Map.of("count", BALLOTS_PER_POLL + 1))
                .when().post("/tenants/drechterland/polls/{id}/voting-codes", id).then().statusCode(201)
                .extract().path("codes");
        for (int i = 0; i < BALLOTS_PER_POLL; i++) {
            given().header("X-Forwarded-For", "2001:db8:71:1:" + Integer.toHexString(i + 1) + "::" + (i % 9 + 1))
                    .contentType("application/json")
                    .body(Map.of("optionIds", List.of(Polls.optionId(poll, i % 2)), "code", codes.get(i)))
                    .when().post("/api/v1/tenants/drechterland/polls/" + id + "/votes").then().statusCode(201)
                    .body("poll.totalVotes", equalTo(i + 1))
                    .body("poll.options[0].votes", equalTo((i + 2) / 2))
                    .body("poll.options[1].votes", equalTo((i + 1) / 2));
        }
        String last = codes.get(BALLOTS_PER_POLL);
        Map<String, Object> ballot = Map.of("optionIds", List.of(Polls.optionId(poll, 0)), "code", last);
        given().header("X-Forwarded-For", "2001:db8:71:1:ffff::1").contentType("application/json").body(ballot)
                .when().post("/api/v1/tenants/drechterland/polls/" + id + "/votes").then().statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .contentType("application/problem+json");
        assertEquals(1, Database.count("select count(*) from voting_code where poll_id = '" + id
                + "' and used_at is null"), "only the refused ballot's code is unused");
        given().header("X-Forwarded-For", "2001:db8:71:2::1").contentType("application/json").body(ballot)
                .when().post("/api/v1/tenants/drechterland/polls/" + id + "/votes").then().statusCode(201)
                .body("poll.totalVotes", equalTo(BALLOTS_PER_POLL + 1));
        given().header("X-Forwarded-For", "2001:db8:71:3::1").contentType("application/json").body(ballot)
                .when().post("/api/v1/tenants/drechterland/polls/" + id + "/votes").then().statusCode(409);
        Api.anonymous().when().get("/tenants/drechterland/polls/{id}", id).then()
                .body("totalVotes", equalTo(BALLOTS_PER_POLL + 1));
    }

    @Test
    void aSingleFlagIsInTheQueueAndThreeFlagsFromOneNetworkHideNothing() {
        String tenant = "drechterland";
        String admin = Tokens.admin(tenant);
        Api.as(admin).body(Map.of("flagThreshold", 3, "hideFlagged", true)).when().patch("/tenants/" + tenant).then()
                .statusCode(200);
        try {
            String consultation = Fixtures.openConsultation(tenant, "post");
            String once = reaction(tenant, consultation, "Mijn buurman woont op Dijkweg 1", "192.0.2.210");
            String thrice = reaction(tenant, consultation, "Drie keer gemeld door een netwerk", "192.0.2.211");
            String flags = "/tenants/{t}/reactions/{id}/flags";
            Api.anonymous().header("X-Forwarded-For", "2001:db8:70:1::1").body(Map.of("reason", "personal-data"))
                    .when().post(flags, tenant, once).then().statusCode(202);
            Api.anonymous().header("X-Forwarded-For", "2001:db8:70:2::1").body(Map.of("reason", "spam"))
                    .when().post(flags, tenant, thrice).then().statusCode(202);
            for (int i = 0; i < 2; i++) {
                String sameNetwork = "2001:db8:70:2::" + (i + 2);
                Api.anonymous().header("X-Forwarded-For", sameNetwork)
                        .header("Altcha", ProofOfWorkSolver.solve(tenant, sameNetwork)).body(Map.of("reason", "spam"))
                        .when().post(flags, tenant, thrice).then().statusCode(202);
            }
            String moderator = Tokens.moderator(tenant);
            Api.as(moderator).when().get("/tenants/{t}/moderation/reactions?status=flagged&limit=100", tenant).then()
                    .statusCode(200)
                    .body("items.find { it.id == '" + once + "' }.moderation.flagCount", equalTo(1))
                    .body("items.find { it.id == '" + once + "' }.moderation.flagReasons[0].reason",
                            equalTo("personal-data"))
                    .body("items.find { it.id == '" + thrice + "' }.moderation.flagCount", equalTo(1))
                    .body("items.find { it.id == '" + thrice + "' }.status", equalTo("published"));
            Api.anonymous().when().get("/tenants/{t}/consultations/{id}/reactions", tenant, consultation).then()
                    .body("items.id", org.hamcrest.Matchers.hasItem(thrice));
            // three networks, each with a proof-of-work after the first: hidden until a moderator decides
            for (int i = 3; i <= 4; i++) {
                String network = "2001:db8:70:" + i + "::1";
                Api.anonymous().header("X-Forwarded-For", network)
                        .header("Altcha", ProofOfWorkSolver.solve(tenant, network)).body(Map.of("reason", "offensive"))
                        .when().post(flags, tenant, thrice).then().statusCode(202);
            }
            Api.as(moderator).when().get("/tenants/{t}/moderation/reactions?status=flagged&limit=100", tenant).then()
                    .body("items.find { it.id == '" + thrice + "' }.moderation.flagCount", equalTo(3))
                    .body("items.find { it.id == '" + thrice + "' }.status", equalTo("hidden"));
            List<String> queue = Api.as(moderator).when()
                    .get("/tenants/{t}/moderation/reactions?status=flagged&limit=100", tenant).then().extract()
                    .path("items.id");
            assertTrue(queue.indexOf(thrice) < queue.indexOf(once), "most flags first");
            Api.anonymous().when().get("/tenants/{t}/consultations/{id}/reactions", tenant, consultation).then()
                    .body("items.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(thrice)));
        } finally {
            Api.as(admin).body(Map.of("flagThreshold", 3, "hideFlagged", false)).when().patch("/tenants/" + tenant)
                    .then().statusCode(200);
        }
    }

    @Test
    void concurrentFlagsFromTwentyNetworksAllCount() throws Exception {
        String tenant = "enkhuizen";
        String consultation = Fixtures.openConsultation(tenant, "post");
        String id = reaction(tenant, consultation, "Twintig netwerken melden dit", "192.0.2.220");
        String path = "/tenants/" + tenant + "/reactions/" + id + "/flags";
        assertEquals(202, Http.post(path, Map.of("X-Forwarded-For", "2001:db8:71:0::1"), "{\"reason\":\"spam\"}"));
        List<String> solutions = new ArrayList<>();
        for (int i = 1; i < 20; i++) {
            solutions.add(ProofOfWorkSolver.solve(tenant, null));
        }
        ExecutorService networks = Executors.newFixedThreadPool(19);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 1; i < 20; i++) {
                Map<String, String> headers = Map.of("X-Forwarded-For", "2001:db8:71:" + Integer.toHexString(i) + "::1",
                        "Altcha", solutions.get(i - 1));
                statuses.add(networks.submit(() -> Http.post(path, headers, "{\"reason\":\"spam\"}")));
            }
            for (Future<Integer> status : statuses) {
                assertEquals(202, status.get(), "no flag lost, no 409");
            }
        } finally {
            networks.shutdownNow();
        }
        assertEquals(20, Database.count("select flag_count from reaction where id = '" + id + "'"));
        assertEquals(20, Database.count("select count(*) from reaction_flag where reaction_id = '" + id + "'"));
    }

    @Test
    void anUnknownTenantIs404AndStoresNothing() throws Exception {
        Map<String, Long> before = rowCounts();
        String unknown = "/api/v1/tenants/nergenshuizen";
        String id = "/00000000-0000-4000-8000-000000000001";
        List<ExtractableResponse<Response>> answers = List.of(
                given().header("X-Forwarded-For", "192.0.2.230").when().post(unknown + "/voter-tokens").then()
                        .extract(),
                given().header("X-Forwarded-For", "192.0.2.230").header("Voter-Token", "x.y")
                        .contentType("application/json").body("{\"optionIds\":[\"" + id.substring(1) + "\"]}")
                        .when().post(unknown + "/polls" + id + "/votes").then().extract(),
                given().header("X-Forwarded-For", "192.0.2.230").contentType("application/json")
                        .body("{\"body\":\"Hallo\"}").when().post(unknown + "/consultations" + id + "/reactions").then()
                        .extract(),
                given().header("X-Forwarded-For", "192.0.2.230").contentType("application/json")
                        .body("{\"reason\":\"spam\"}").when().post(unknown + "/reactions" + id + "/flags").then()
                        .extract(),
                given().header("X-Forwarded-For", "192.0.2.230").when().get(unknown + "/proof-of-work").then()
                        .extract());
        for (ExtractableResponse<Response> answer : answers) {
            assertEquals(404, answer.statusCode());
            assertEquals("application/problem+json", answer.contentType());
        }
        assertEquals(before, rowCounts(), "no row in any table");
    }

    @Test
    void perNetworkBallotCountsGoWithTheirKeysAfterTwoDays() {
        String poll = (String) Polls.open("enkhuizen", Map.of()).get("id");
        Database.execute("insert into poll_network_ballots (poll_id, day, network_key, ballots) values "
                + "('" + poll + "', (now() at time zone 'UTC')::date - 2, 'old-key', 7), "
                + "('" + poll + "', (now() at time zone 'UTC')::date - 1, 'yesterdays-key', 5), "
                + "('" + poll + "', (now() at time zone 'UTC')::date, 'todays-key', 3)");
        Database.execute("insert into poll_busy_ballots (poll_id, ballots) values ('" + poll + "', 4)");
        io.quarkus.arc.Arc.container().instance(RetentionJobs.class).get().run();
        assertEquals(0, Database.count("select count(*) from poll_network_ballots where network_key = 'old-key'"));
        assertEquals(2, Database.count("select count(*) from poll_network_ballots where poll_id = '" + poll + "'"));
        assertEquals(4, Database.count("select ballots from poll_busy_ballots where poll_id = '" + poll + "'"),
                "the figure, without any network in it, stays");
    }

    private static String reaction(String tenant, String consultation, String text, String forwardedFor) {
        return Api.anonymous().header("X-Forwarded-For", forwardedFor).body(Map.of("body", text)).when()
                .post("/tenants/{t}/consultations/{id}/reactions", tenant, consultation).then().statusCode(201)
                .extract().path("id");
    }

    /** Rows per table of the schema (the application's tables; Liquibase's own too). */
    private static Map<String, Long> rowCounts() throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(PostgresResource.jdbcUrl());
             ResultSet tables = connection.createStatement().executeQuery("select table_name from "
                     + "information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' "
                     + "order by table_name")) {
            while (tables.next()) {
                String table = tables.getString(1);
                try (ResultSet count = connection.createStatement().executeQuery("select count(*) from \"" + table
                        + "\"")) {
                    count.next();
                    counts.put(table, count.getLong(1));
                }
            }
        }
        return counts;
    }

    /** A clock stopped at one instant, for the day boundary. */
    static class FixedClock extends Clock {
        private final Instant now;

        FixedClock(Instant now) {
            this.now = now.truncatedTo(ChronoUnit.MICROS);
        }

        @Override
        public Instant now() {
            return now;
        }
    }

    /** A POST over a socket bound to a chosen loopback address: a real proxy's (or client's) address. */
    static final class RawPost {
        private RawPost() {
        }

        static int from(String localAddress, int port, String path, String forwardedFor) throws Exception {
            try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port,
                    InetAddress.getByName(localAddress), 0)) {
                socket.setSoTimeout(15_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: " + forwardedFor
                        + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) != -1 && b != '\n') {
                    line.write(b);
                }
                String status = line.toString(StandardCharsets.US_ASCII);
                assertFalse(status.isEmpty(), "no answer");
                return Integer.parseInt(status.split(" ")[1]);
            }
        }
    }

    @Test
    void theChallengeOfANetworkWithinItsAllowanceIsTheLowestLevel() {
        given().header("X-Forwarded-For", "192.0.2.240").when().get("/api/v1/tenants/enkhuizen/proof-of-work").then()
                .statusCode(200).body("maxnumber", equalTo(1000)).body("salt", org.hamcrest.Matchers.containsString(
                        "level=1")).body("signature.length()", greaterThan(10));
    }
}
