package nl.sed.samen.embed;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jakarta.inject.Inject;
import nl.sed.samen.feedback.NotificationSender;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.BrowserHarness;
import nl.sed.samen.testsupport.MailServer;
import nl.sed.samen.testsupport.ProofOfWorkSolver;
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

    @Inject
    NotificationSender sender;

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
        Map<String, Object> panel = panel();
        config.put("panel", panel);
        JsonNode results = BrowserHarness.run("run.mjs", OUT, config, Duration.ofMinutes(12));
        assertTrue(results.path("passed").asInt() > 50, "too few browser checks ran: " + results.path("passed"));
        // the member's vote through the widget counted once; the refused second attempts not at all
        Api.as(Tokens.editor("enkhuizen")).when().get("/tenants/enkhuizen/polls/{id}", panel.get("poll"))
                .then().statusCode(200).body("totalVotes", equalTo(1));
    }

    /**
     * A panel with one active member (joined and confirmed through the mails), invited to a panel consultation of
     * Enkhuizen with one open poll (results after voting): the harness gets the invitation and leave links as the
     * member's mail client shows them.
     */
    private Map<String, Object> panel() {
        String sed = Tokens.official("*", "editor");
        String panel = Api.as(sed).body(Map.of("name", "SED Jongerenpanel", "owner", "sed",
                        "tenants", List.of("stede-broec", "enkhuizen", "drechterland"),
                        "ageBands", List.of("under-16", "16-17", "18-24")))
                .when().post("/panels").then().statusCode(201).extract().path("id");
        String member = "lid-" + System.nanoTime() + "@example.nl";
        Api.anonymous().header("Altcha", ProofOfWorkSolver.solve("enkhuizen", null))
                .body(Map.of("email", member, "ageBand", "16-17", "area", "Enkhuizen"))
                .when().post("/tenants/enkhuizen/panels/{p}/members", panel).then().statusCode(202);
        Api.anonymous().body(Map.of("token", link(member, 1, "bevestig"))).when()
                .post("/tenants/enkhuizen/panel-memberships/confirmation").then().statusCode(200);
        String project = Fixtures.project("enkhuizen", true);
        Map<String, Object> body = new HashMap<>(Fixtures.manifest("Een skatebaan voor Enkhuizen?"));
        body.put("moderationMode", "post");
        body.put("audience", "panel");
        String consultation = Fixtures.draftConsultation("enkhuizen", project, body);
        Api.as(Tokens.editor("enkhuizen")).body(Map.of("status", "open")).when()
                .patch("/tenants/enkhuizen/consultations/{id}", consultation).then().statusCode(200);
        Api.as(Tokens.editor("enkhuizen")).body(Map.of("panelId", panel)).when()
                .post("/tenants/enkhuizen/consultations/{id}/panel-invitations", consultation).then().statusCode(201);
        String poll = poll("enkhuizen", consultation, Map.of("question", "Welke plek krijgt de skatebaan?",
                "resultsVisibility", "after-vote"));
        String option = Api.anonymous().when().get("/tenants/enkhuizen/polls/{id}", poll).then().statusCode(200)
                .extract().path("options[0].id");
        String invitation = link(member, 2, "uitnodiging");
        return Map.of("id", panel, "consultation", consultation, "poll", poll, "pollOption", option,
                "invitation", "/embed/v1/panel.html?tenant=enkhuizen&consultation=" + consultation
                        + "#uitnodiging=" + invitation,
                "leave", "/embed/v1/panel.html?tenant=enkhuizen#afmelden=" + link(member, 2, "afmelden"),
                "newEmail", "nieuw-" + System.nanoTime() + "@example.nl",
                "guardianEmail", "ouder-" + System.nanoTime() + "@example.nl");
    }

    /** The token after #name= in the n-th mail to this address, once it has arrived (the sender is run here too). */
    private String link(String address, int n, String name) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (MailServer.to(address).size() < n) {
            sender.sendDue();
            if (System.nanoTime() > deadline) {
                fail("mail " + n + " to " + address + " did not arrive");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(e);
            }
        }
        Matcher m = Pattern.compile("#" + name + "=([A-Za-z0-9_.-]+)")
                .matcher(MailServer.text(MailServer.to(address).get(n - 1)));
        assertTrue(m.find(), "no #" + name + "= link");
        return m.group(1);
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
