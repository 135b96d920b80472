package nl.sed.samen.embed;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.BrowserHarness;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The embed in a real browser: headless Chromium from Debian's package, driven by {@code browser-tests/run.mjs}
 * (playwright-core and axe-core from npm, committed lockfile) against this running service and its real PostgreSQL.
 * Host pages are served on the tenants' own origins (www.enkhuizen.nl and www.stede-broec.nl, mapped to loopback) and
 * on a foreign one; this test sets the tenants' allowed origins, requires proof-of-work in Stede Broec, seeds polls,
 * reactions and feedback through the API, and checks the harness's results ({@link BrowserHarness}). Screenshots
 * land in target/browser/.
 */
@QuarkusTest
class EmbedBrowserTest {

    private static final Path OUT = Path.of("target", "browser");

    private final Map<String, Map<String, Object>> saved = new HashMap<>();

    @Test
    void widgetsWorkAccessiblyInARealBrowserOnTheTenantsOrigins() throws Exception {
        BrowserHarness.require();
        int hostPort = BrowserHarness.freePort();
        String enkhuizen = "http://www.enkhuizen.nl:" + hostPort;
        String stedeBroec = "http://www.stede-broec.nl:" + hostPort;
        configure("enkhuizen", Map.of("allowedOrigins", List.of(enkhuizen)));
        configure("stede-broec", Map.of("allowedOrigins", List.of(stedeBroec), "proofOfWorkRequired", true));

        String open = Fixtures.openConsultation("enkhuizen", "pre");
        Map<String, String> polls = new LinkedHashMap<>();
        polls.put("open", poll("enkhuizen", open, Map.of("resultsVisibility", "after-vote")));
        polls.put("multi", poll("enkhuizen", open, Map.of("maxChoices", 2, "resultsVisibility", "always")));
        polls.put("afterClose", poll("enkhuizen", open, Map.of("resultsVisibility", "after-close")));
        polls.put("closed", poll("enkhuizen", open, Map.of()));
        Api.as(Tokens.editor("enkhuizen")).body(Map.of("status", "closed"))
                .when().patch("/tenants/enkhuizen/polls/{id}", polls.get("closed")).then().statusCode(200);
        polls.put("notYet", poll("enkhuizen", open, Map.of("opensAt", OffsetDateTime.now().plusDays(2).toString())));
        polls.put("code", poll("enkhuizen", open, Map.of("votingMode", "code")));
        List<String> codes = Api.as(Tokens.editor("enkhuizen")).body(Map.of("count", 2))
                .when().post("/tenants/enkhuizen/polls/{id}/voting-codes", polls.get("code"))
                .then().statusCode(201).extract().path("codes");
        polls.put("en", poll("enkhuizen", open, Map.of()));
        polls.put("reflow", poll("enkhuizen", open, Map.of("resultsVisibility", "always")));
        polls.put("frame", poll("enkhuizen", open, Map.of("resultsVisibility", "always")));
        polls.put("live", poll("enkhuizen", open, Map.of("resultsVisibility", "always")));
        String liveOption = Api.anonymous().when().get("/tenants/enkhuizen/polls/{id}", polls.get("live"))
                .then().statusCode(200).extract().path("options[0].id");
        String sbConsultation = Fixtures.openConsultation("stede-broec", "post");
        polls.put("pow", poll("stede-broec", sbConsultation, Map.of("resultsVisibility", "always")));
        polls.put("plain", poll("stede-broec", sbConsultation, Map.of()));
        String plainOption = Api.anonymous().when().get("/tenants/stede-broec/polls/{id}", polls.get("plain"))
                .then().statusCode(200).extract().path("options[0].id");
        publishedReactions("enkhuizen", open, 12);
        String reported = reportedConsultation("enkhuizen");

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("service", "http://localhost:" + RestAssured.port);
        config.put("hostPort", hostPort);
        config.put("hosts", Map.of("enkhuizen", enkhuizen, "stedeBroec", stedeBroec,
                "foreign", "http://www.example-foreign.nl:" + hostPort));
        config.put("integrity", Api.as(Tokens.editor("enkhuizen"))
                .when().get("/tenants/enkhuizen/polls/{id}/embed", polls.get("open"))
                .then().statusCode(200).extract().path("integrity"));
        config.put("polls", polls);
        config.put("codes", codes);
        config.put("plainOption", plainOption);
        config.put("liveOption", liveOption);
        config.put("consultations", Map.of("open", open, "reported", reported));
        JsonNode results = BrowserHarness.run("run.mjs", OUT, config, Duration.ofMinutes(12));
        assertTrue(results.path("passed").asInt() > 50, "too few browser checks ran: " + results.path("passed"));
    }

    @AfterEach
    void restoreTenants() {
        saved.forEach((tenant, settings) -> Api.as(Tokens.admin(tenant)).body(settings)
                .when().patch("/tenants/{t}", tenant).then().statusCode(200));
    }

    private void configure(String tenant, Map<String, Object> settings) {
        Map<String, Object> before = Api.anonymous().when().get("/tenants/{t}", tenant).then().statusCode(200)
                .extract().as(Map.class);
        saved.put(tenant, Map.of("allowedOrigins", before.get("allowedOrigins"),
                "proofOfWorkRequired", before.get("proofOfWorkRequired")));
        Api.as(Tokens.admin(tenant)).body(settings).when().patch("/tenants/{t}", tenant).then().statusCode(200);
    }

    private static String poll(String tenant, String consultation, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("question", "Welke boom komt er op het Dijkplein?",
                "options", List.of(Map.of("label", "Linde"), Map.of("label", "Eik"), Map.of("label", "Kastanje"))));
        body.putAll(extra);
        String editor = Tokens.editor(tenant);
        String id = Api.as(editor).body(body).when().post("/tenants/{t}/consultations/{c}/polls", tenant, consultation)
                .then().statusCode(201).extract().path("id");
        Api.as(editor).body(Map.of("status", "open")).when().patch("/tenants/{t}/polls/{id}", tenant, id)
                .then().statusCode(200);
        return id;
    }

    /** Reactions a moderator approved, the first with an official reply. */
    private static void publishedReactions(String tenant, String consultation, int count) {
        String moderator = Tokens.moderator(tenant);
        for (int i = 0; i < count; i++) {
            String id = Api.anonymous().body(Map.of("body", "Reactie nummer " + i + ": meer groen op het plein.",
                            "displayName", "Inwoner " + i))
                    .when().post("/tenants/{t}/consultations/{c}/reactions", tenant, consultation)
                    .then().statusCode(202).extract().path("id");
            Api.as(moderator).body(Map.of("decision", "approve", "reason", "Binnen de spelregels"))
                    .when().post("/tenants/{t}/reactions/{id}/moderation", tenant, id).then().statusCode(200);
            if (i == count - 1) {
                Api.as(moderator).body(Map.of("body", "Dank u, we nemen het mee in het ontwerp."))
                        .when().put("/tenants/{t}/reactions/{id}/reply", tenant, id).then().statusCode(200);
            }
        }
    }

    private static String reportedConsultation(String tenant) {
        String id = Fixtures.openConsultation(tenant, "post");
        String editor = Tokens.editor(tenant);
        Api.as(editor).body(Map.of("status", "closed")).when().patch("/tenants/{t}/consultations/{id}", tenant, id)
                .then().statusCode(200);
        Api.as(editor).body(Map.of("summary", "Veel reacties over groen en spelen.",
                        "decision", "Het plein krijgt bomen en een speelplek.", "decidedBy", "De gemeenteraad",
                        "changes", "Twee extra bomen in het ontwerp."))
                .when().put("/tenants/{t}/consultations/{id}/feedback", tenant, id).then().statusCode(200);
        return id;
    }
}
