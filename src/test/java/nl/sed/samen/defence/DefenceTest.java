package nl.sed.samen.defence;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import nl.sed.samen.security.ClientKeys;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Database;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.Polls;
import nl.sed.samen.testsupport.PostgresResource;
import nl.sed.samen.testsupport.Tokens;
import org.altcha.altcha.Altcha;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The defences of the anonymous endpoints, with real limits, against the real PostgreSQL. */
@QuarkusTest
@TestProfile(DefenceTest.RealLimits.class)
class DefenceTest {

    static final int TOKENS_PER_HOUR = 5;
    /** Votes, reactions and flags per client per hour in this profile. */
    static final int WRITES_PER_HOUR = 3;

    public static class RealLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(Map.entry("samen.rate-limits.voter-tokens.with-proof-of-work", "0"),
                    Map.entry("samen.rate-limits.votes.with-proof-of-work", "0"),
                    Map.entry("samen.rate-limits.reactions.with-proof-of-work", "0"),
                    Map.entry("samen.rate-limits.flags.with-proof-of-work", "0"),
                    Map.entry("samen.rate-limits.voter-tokens.capacity", String.valueOf(TOKENS_PER_HOUR)),
                    Map.entry("samen.rate-limits.voter-tokens.period", "PT1H"),
                    Map.entry("samen.rate-limits.votes.capacity", String.valueOf(WRITES_PER_HOUR)),
                    Map.entry("samen.rate-limits.votes.period", "PT1H"),
                    Map.entry("samen.rate-limits.reactions.capacity", String.valueOf(WRITES_PER_HOUR)),
                    Map.entry("samen.rate-limits.reactions.period", "PT1H"),
                    Map.entry("samen.rate-limits.flags.capacity", String.valueOf(WRITES_PER_HOUR)),
                    Map.entry("samen.rate-limits.flags.period", "PT1H"),
                    Map.entry("samen.reactions.repeat-window", "PT10M"));
        }
    }

    @Inject
    ClientKeys clientKeys;

    private static String tokensPath(String tenant) {
        return "/api/v1/tenants/" + tenant + "/voter-tokens";
    }

    @Test
    void aBurstMeets429WithRetryAfter() {
        String address = "198.51.100.21";
        for (int i = 0; i < TOKENS_PER_HOUR; i++) {
            given().header("X-Forwarded-For", address).when().post(tokensPath("enkhuizen")).then().statusCode(201);
        }
        int retryAfter = Integer.parseInt(given().header("X-Forwarded-For", address).when()
                .post(tokensPath("enkhuizen")).then().statusCode(429).contentType("application/problem+json")
                .body("status", equalTo(429)).extract().header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 3600);
        given().header("X-Forwarded-For", "198.51.100.22").when().post(tokensPath("enkhuizen")).then().statusCode(201);
        given().header("X-Forwarded-For", address).when().post(tokensPath("stede-broec")).then().statusCode(201);
    }

    @Test
    void votesReactionsAndFlagsEachHaveTheirOwnAllowance() {
        String tenant = "enkhuizen";
        Map<String, Object> poll = Polls.open(tenant, Map.of());
        String consultation = Fixtures.openConsultation(tenant, "post");
        // a reaction with a flag asks every further flag for a proof-of-work, so each flag here is a reaction's first
        List<String> reactions = new ArrayList<>();
        for (int i = 0; i <= WRITES_PER_HOUR + 1; i++) {
            reactions.add(Api.anonymous().header("X-Forwarded-For", "192.0.2." + (50 + i))
                    .body(Map.of("body", "Te vlaggen " + i)).when()
                    .post("/tenants/{t}/consultations/{id}/reactions", tenant, consultation).then().statusCode(201)
                    .extract().path("id"));
        }
        String address = "192.0.2.61"; // addresses no other test of this class uses
        for (int i = 0; i <= WRITES_PER_HOUR; i++) {
            // every vote with a token of its own (issued to other addresses), all from one client
            String token = given().header("X-Forwarded-For", "192.0.2." + (70 + i)).when().post(tokensPath(tenant))
                    .then().statusCode(201).extract().path("token");
            given().header("X-Forwarded-For", address).header("Voter-Token", token).contentType("application/json")
                    .body(Map.of("optionIds", List.of(Polls.optionId(poll, 0))))
                    .when().post("/api/v1/tenants/" + tenant + "/polls/" + poll.get("id") + "/votes").then()
                    .statusCode(i < WRITES_PER_HOUR ? 201 : 429);
            Api.anonymous().header("X-Forwarded-For", address).body(Map.of("body", "Reactie nummer " + i))
                    .when().post("/tenants/{t}/consultations/{id}/reactions", tenant, consultation).then()
                    .statusCode(i < WRITES_PER_HOUR ? 201 : 429);
            Api.anonymous().header("X-Forwarded-For", address).body(Map.of("reason", "spam"))
                    .when().post("/tenants/{t}/reactions/{id}/flags", tenant, reactions.get(i)).then()
                    .statusCode(i < WRITES_PER_HOUR ? 202 : 429);
        }
        // the allowances are per client: another resident is unaffected
        Api.anonymous().header("X-Forwarded-For", "192.0.2.62").body(Map.of("reason", "spam"))
                .when().post("/tenants/{t}/reactions/{id}/flags", tenant, reactions.get(WRITES_PER_HOUR + 1)).then()
                .statusCode(202);
    }

    @Test
    void twoInstancesOnOneDatabaseShareTheAllowance() throws Exception {
        // a second instance: its own RateLimits over its own connections to the same database
        PGSimpleDataSource otherInstance = new PGSimpleDataSource();
        otherInstance.setURL(PostgresResource.jdbcUrl());
        RateLimits second = new RateLimits(otherInstance, true, Map.of(Limit.VOTER_TOKENS, allowance(TOKENS_PER_HOUR)));
        String address = "198.51.100.31";
        String key = clientKeys.forAddress(address);
        for (int i = 0; i < 3; i++) {
            second.take("drechterland", Limit.VOTER_TOKENS, key);
        }
        int granted = 0;
        for (int i = 0; i < TOKENS_PER_HOUR; i++) {
            int status = given().header("X-Forwarded-For", address).when().post(tokensPath("drechterland")).then()
                    .extract().statusCode();
            granted += status == 201 ? 1 : 0;
        }
        assertEquals(TOKENS_PER_HOUR - 3, granted, "both instances draw from one allowance");
        boolean refused = false;
        try {
            second.take("drechterland", Limit.VOTER_TOKENS, key);
        } catch (nl.sed.samen.common.ProblemException e) {
            refused = e.type().status() == 429;
        }
        assertTrue(refused, "and the second instance sees the first one's use");
    }

    @Test
    void proofOfWorkWhenTheTenantRequiresIt() throws Exception {
        String admin = Tokens.admin("stede-broec");
        Api.as(admin).body(Map.of("proofOfWorkRequired", true)).when().patch("/tenants/stede-broec").then()
                .statusCode(200).body("proofOfWorkRequired", equalTo(true));
        try {
            String address = "198.51.100.41";
            given().header("X-Forwarded-For", address).when().post(tokensPath("stede-broec")).then().statusCode(403)
                    .contentType("application/problem+json");
            given().header("X-Forwarded-For", address).header("Altcha", "bm9uc2Vuc2U=").when()
                    .post(tokensPath("stede-broec")).then().statusCode(403);
            String solution = solve("stede-broec");
            given().header("X-Forwarded-For", address).header("Altcha", solution).when()
                    .post(tokensPath("stede-broec")).then().statusCode(201);
            given().header("X-Forwarded-For", address).header("Altcha", solution).when()
                    .post(tokensPath("stede-broec")).then().statusCode(403);
            String consultation = Fixtures.openConsultation("stede-broec", "post");
            Api.anonymous().header("X-Forwarded-For", address).body(Map.of("body", "Zonder bewijs"))
                    .when().post("/tenants/stede-broec/consultations/{id}/reactions", consultation).then()
                    .statusCode(403);
            Api.anonymous().header("X-Forwarded-For", address).header("Altcha", solve("stede-broec"))
                    .body(Map.of("body", "Met bewijs")).when()
                    .post("/tenants/stede-broec/consultations/{id}/reactions", consultation).then().statusCode(201);
            given().header("X-Forwarded-For", address).when().post(tokensPath("enkhuizen")).then().statusCode(201);
        } finally {
            Api.as(admin).body(Map.of("proofOfWorkRequired", false)).when().patch("/tenants/stede-broec").then()
                    .statusCode(200);
        }
    }

    @Test
    void sizeLinksRepeatsAndHoneypot() {
        String consultation = Fixtures.openConsultation("enkhuizen", "post");
        String path = "/tenants/enkhuizen/consultations/{id}/reactions";
        String huge = "{\"body\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
        Api.anonymous().body(huge).when().post(path, consultation).then().statusCode(413)
                .contentType("application/problem+json");
        Api.anonymous().header("X-Forwarded-For", "198.51.100.51")
                .body(Map.of("body", "Kijk op https://a.example en http://b.example en www.c.example"))
                .when().post(path, consultation).then().statusCode(202).body("status", equalTo("pending"));
        Api.anonymous().header("X-Forwarded-For", "198.51.100.51").body(Map.of("body", "Eén link: https://a.example"))
                .when().post(path, consultation).then().statusCode(201);
        Api.anonymous().header("X-Forwarded-For", "198.51.100.52")
                .body(Map.of("body", "Dubbel verstuurd, want de knop reageerde niet"))
                .when().post(path, consultation).then().statusCode(201);
        Api.anonymous().header("X-Forwarded-For", "198.51.100.52")
                .body(Map.of("body", "  dubbel   VERSTUURD, want de knop reageerde NIET "))
                .when().post(path, consultation).then().statusCode(409);
        // a short text, as many residents of one network write it, is no repeat
        Api.anonymous().header("X-Forwarded-For", "198.51.100.55").body(Map.of("body", "Eens"))
                .when().post(path, consultation).then().statusCode(201);
        Api.anonymous().header("X-Forwarded-For", "198.51.100.55").body(Map.of("body", "Eens"))
                .when().post(path, consultation).then().statusCode(201);
        Api.anonymous().header("X-Forwarded-For", "198.51.100.53")
                .body(Map.of("body", "Dubbel verstuurd, want de knop reageerde niet"))
                .when().post(path, consultation).then().statusCode(201);
        long before = Database.count("select count(*) from reaction where consultation_id = '" + consultation + "'");
        Api.anonymous().header("X-Forwarded-For", "198.51.100.54")
                .body(Map.of("body", "Koop goedkope horloges", "website", "https://spam.example"))
                .when().post(path, consultation).then().statusCode(202).body("status", equalTo("pending"));
        assertEquals(before, Database.count("select count(*) from reaction where consultation_id = '" + consultation
                + "'"), "a honeypot hit is stored nowhere");
    }

    @Test
    void noRawAddressInAnyTableOrTheLog() throws Exception {
        String address = "203.0.113.77";
        String consultation = Fixtures.openConsultation("drechterland", "post");
        given().header("X-Forwarded-For", address).when().post(tokensPath("drechterland")).then().statusCode(201);
        String reaction = Api.anonymous().header("X-Forwarded-For", address).body(Map.of("body", "Adrestest"))
                .when().post("/tenants/drechterland/consultations/{id}/reactions", consultation).then().statusCode(201)
                .extract().path("id");
        Api.anonymous().header("X-Forwarded-For", address).body(Map.of("reason", "spam"))
                .when().post("/tenants/drechterland/reactions/{id}/flags", reaction).then().statusCode(202);
        List<String> findings = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(PostgresResource.jdbcUrl());
             ResultSet columns = connection.createStatement().executeQuery("select table_name, column_name from "
                     + "information_schema.columns where table_schema = 'public' and data_type in ('text', "
                     + "'character varying', 'jsonb', 'ARRAY')")) {
            while (columns.next()) {
                String table = columns.getString(1);
                String column = columns.getString(2);
                try (ResultSet hit = connection.createStatement().executeQuery("select count(*) from \"" + table
                        + "\" where \"" + column + "\"::text ~ '(203\\.0\\.113\\.|198\\.51\\.100\\.|192\\.0\\.2\\.|127\\.0\\.0\\.1)'")) {
                    hit.next();
                    if (hit.getLong(1) > 0) {
                        findings.add(table + "." + column);
                    }
                }
            }
        }
        assertEquals(List.of(), findings, "raw addresses stored");
        Path log = Path.of("target", "quarkus-test.log");
        assertTrue(Files.exists(log));
        String logged = Files.readString(log, StandardCharsets.UTF_8);
        assertFalse(logged.contains("203.0.113.77") || logged.contains("198.51.100."), "raw addresses logged");
    }

    @Test
    void retentionDeletesWhatItShouldAndNothingElse() {
        String consultation = Fixtures.openConsultation("enkhuizen", "post");
        String old = Api.anonymous().header("X-Forwarded-For", "198.51.100.61")
                .body(Map.of("body", "Oude reactie", "email", "oud@example.nl")).when()
                .post("/tenants/enkhuizen/consultations/{id}/reactions", consultation).then().statusCode(201)
                .extract().path("id");
        String fresh = Api.anonymous().header("X-Forwarded-For", "198.51.100.62")
                .body(Map.of("body", "Nieuwe reactie", "email", "nieuw@example.nl")).when()
                .post("/tenants/enkhuizen/consultations/{id}/reactions", consultation).then().statusCode(201)
                .extract().path("id");
        Database.execute("update reaction set created_at = now() - interval '181 days' where id = '" + old + "'");
        Database.execute("insert into rate_limit_allowance (id, tokens, refilled_at, expires_at) values "
                + "('test:expired', 0, now() - interval '2 hours', now() - interval '1 second'),"
                + " ('test:live', 0, now(), now() + interval '1 hour')");
        Database.execute("insert into rate_limit_bucket (id, state, expires_at) values ('test:expired', ''::bytea, 1),"
                + " ('test:live', ''::bytea, (extract(epoch from now()) * 1000)::bigint + 3600000)");
        Database.execute("insert into proof_of_work_used values ('sig-old', now() - interval '1 minute'), "
                + "('sig-new', now() + interval '5 minutes')");
        Database.execute("insert into service_secret (name, value, created_at) values "
                + "('client-key-2000-01-01', 'x'::bytea, now() - interval '3 days')");
        new RetentionRunner().run();
        assertEquals(1, Database.count("select count(*) from reaction where id = '" + old + "' and email is null "
                + "and body = 'Oude reactie' and client_key is null"), "old address erased, reaction kept");
        assertEquals(1, Database.count("select count(*) from reaction where id = '" + fresh
                + "' and email = 'nieuw@example.nl' and client_key is not null"), "recent address kept");
        assertEquals(0, Database.count("select count(*) from rate_limit_allowance where id = 'test:expired'"));
        assertEquals(1, Database.count("select count(*) from rate_limit_allowance where id = 'test:live'"));
        // the release before's table, until it is dropped
        assertEquals(0, Database.count("select count(*) from rate_limit_bucket where id = 'test:expired'"));
        assertEquals(1, Database.count("select count(*) from rate_limit_bucket where id = 'test:live'"));
        assertEquals(0, Database.count("select count(*) from proof_of_work_used where signature = 'sig-old'"));
        assertEquals(1, Database.count("select count(*) from proof_of_work_used where signature = 'sig-new'"));
        assertEquals(0, Database.count("select count(*) from service_secret where name = 'client-key-2000-01-01'"));
        assertTrue(Database.count("select count(*) from service_secret where name = 'voter-token-key'") > 0);
    }

    /**
     * Runs the retention job through the application, as the scheduler would, until it gets the advisory lock: the
     * scheduled run may hold it at that moment, and a run that did nothing must not pass for one that did.
     */
    class RetentionRunner {
        void run() {
            RetentionJobs jobs = io.quarkus.arc.Arc.container().instance(RetentionJobs.class).get();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (jobs.run().isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "the retention lock stayed taken for 30 s");
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static RateLimits.Settings.Allowance allowance(long capacity) {
        return new RateLimits.Settings.Allowance() {
            @Override
            public long capacity() {
                return capacity;
            }

            @Override
            public long withProofOfWork() {
                return 0;
            }

            @Override
            public Duration period() {
                return Duration.ofHours(1);
            }
        };
    }

    /** Solves a challenge as the ALTCHA widget would in a resident's browser. */
    private static String solve(String tenant) throws Exception {
        Map<String, Object> challenge = given().when().get("/api/v1/tenants/" + tenant + "/proof-of-work").then()
                .statusCode(200).body("maxnumber", greaterThan(0)).extract().as(Map.class);
        Altcha.Solution solution = Altcha.solveChallenge((String) challenge.get("challenge"),
                (String) challenge.get("salt"), Altcha.Algorithm.SHA256, ((Number) challenge.get("maxnumber")).longValue(),
                0);
        String payload = new ObjectMapper().writeValueAsString(Map.of("algorithm", challenge.get("algorithm"),
                "challenge", challenge.get("challenge"), "number", solution.number, "salt", challenge.get("salt"),
                "signature", challenge.get("signature")));
        return Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    }
}
