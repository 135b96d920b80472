package nl.sed.samen.defence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.BrowserHarness;
import nl.sed.samen.testsupport.Polls;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Residents in a real browser on the networks they have, past their network's real allowance: nothing is injected.
 * {@code browser-tests/networks.mjs} puts an ingress in front of this service (a reverse proxy adding
 * X-Forwarded-For, trusted as a proxy) and a municipality page on Drechterland's own origin; a school's pupils behind
 * one IPv4 address vote free, then the service asks for proof-of-work and the widget solves it, then the service
 * answers 429 and the pupil is told when to try again; a neighbour at home is unaffected; IPv6 phones share their
 * /64's allowance and another /64 does not. Small allowances (two free token requests, two more with proof-of-work
 * per hour) keep it to a handful of residents; the networks' addresses are new on each run, so buckets of earlier
 * runs in the same database do not count.
 */
@QuarkusTest
@TestProfile(NetworkAllowanceBrowserTest.SmallAllowances.class)
class NetworkAllowanceBrowserTest {

    private static final String TENANT = "drechterland";
    private static final int FREE = 2;
    private static final int WITH_PROOF_OF_WORK = 2;

    /** Voter tokens are the allowance reached; the shipped challenge; the ingress on loopback is a trusted proxy. */
    public static class SmallAllowances implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("samen.rate-limits.voter-tokens.capacity", String.valueOf(FREE),
                    "samen.rate-limits.voter-tokens.with-proof-of-work", String.valueOf(WITH_PROOF_OF_WORK),
                    "samen.proof-of-work.max-number", "20000",
                    "samen.trusted-proxies", "127.0.0.1, ::1");
        }
    }

    @Test
    void aNetworkPastItsAllowanceIsAskedForProofOfWorkThenToWaitAndOtherNetworksAreNot() throws Exception {
        BrowserHarness.require();
        int hostPort = BrowserHarness.freePort();
        String hostOrigin = "http://www.drechterland.nl:" + hostPort;
        String admin = Tokens.admin(TENANT);
        Object before = Api.anonymous().when().get("/tenants/{t}", TENANT).then().statusCode(200)
                .extract().path("allowedOrigins");
        Api.as(admin).body(Map.of("allowedOrigins", List.of(hostOrigin))).when().patch("/tenants/{t}", TENANT)
                .then().statusCode(200);
        try {
            String poll = (String) Polls.open(TENANT, Map.of("resultsVisibility", "always")).get("id");
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int v6 = random.nextInt(0x1000, 0xfff0);
            Map<String, String> networks = new LinkedHashMap<>();
            networks.put("school", "198.18." + random.nextInt(1, 255) + "." + random.nextInt(1, 255));
            networks.put("home", "198.19." + random.nextInt(1, 255) + "." + random.nextInt(1, 255));
            networks.put("carrier-a", String.format("2001:db8:%x:%x::a1", v6, v6));
            networks.put("carrier-b", String.format("2001:db8:%x:%x::b2", v6, v6));
            networks.put("carrier-c", String.format("2001:db8:%x:%x::c3", v6, v6 + 1));

            Map<String, Object> config = new LinkedHashMap<>();
            config.put("service", "http://localhost:" + RestAssured.port);
            config.put("hostPort", hostPort);
            config.put("hostOrigin", hostOrigin);
            config.put("ingressPort", BrowserHarness.freePort());
            config.put("networks", networks);
            config.put("tenant", TENANT);
            config.put("poll", poll);
            config.put("allowance", Map.of("free", FREE, "withProofOfWork", WITH_PROOF_OF_WORK));
            config.put("integrity", Api.as(Tokens.editor(TENANT)).when().get("/tenants/{t}/polls/{id}/embed", TENANT,
                    poll).then().statusCode(200).extract().path("integrity"));
            JsonNode results = BrowserHarness.run("networks.mjs", Path.of("target", "browser-networks"), config,
                    Duration.ofMinutes(6));
            assertTrue(results.path("passed").asInt() >= 8, "too few checks ran: " + results.path("passed"));
        } finally {
            Api.as(admin).body(Map.of("allowedOrigins", before)).when().patch("/tenants/{t}", TENANT)
                    .then().statusCode(200);
        }
    }
}
