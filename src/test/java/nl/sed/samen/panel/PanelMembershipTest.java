package nl.sed.samen.panel;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.sed.samen.feedback.NotificationSender;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Database;
import nl.sed.samen.testsupport.MailServer;
import nl.sed.samen.testsupport.PersonalData;
import nl.sed.samen.testsupport.ProofOfWorkSolver;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PanelMembershipTest {

    static final String TENANT = "drechterland";

    @Inject
    NotificationSender sender;

    static String address(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.nl";
    }

    static Map<String, Object> join(String email, String band) {
        return new HashMap<>(Map.of("email", email, "ageBand", band, "area", "Hoogkarspel"));
    }

    static ExtractableResponse<Response> submit(String tenant, String panel, Map<String, Object> body, int status) {
        return Api.anonymous().header("Altcha", ProofOfWorkSolver.solve(tenant, null)).body(body).when()
                .post("/tenants/{t}/panels/{p}/members", tenant, panel).then().statusCode(status).extract();
    }

    /** A member of the panel, joined and confirmed through the mails; returns the member's leave token. */
    static String activeMember(NotificationSender sender, String panel, String email, String band) {
        int before = MailServer.to(email).size();
        submit(TENANT, panel, join(email, band), 202);
        MimeMessage confirmation = PanelMail.nth(sender, email, before + 1);
        Api.anonymous().body(Map.of("token", PanelMail.token(confirmation, "bevestig"))).when()
                .post("/tenants/{t}/panel-memberships/confirmation", TENANT).then().statusCode(200)
                .body("status", equalTo("active"));
        return PanelMail.token(confirmation, "afmelden");
    }

    @Test
    void joinConfirmLeaveAndNothingOfTheMemberIsLeft() {
        String panel = PanelManagementTest.createSedPanel();
        String email = address("anna");
        // a sign-up sends a mail: always with a solved proof-of-work
        Api.anonymous().body(join(email, "16-17")).when().post("/tenants/{t}/panels/{p}/members", TENANT, panel)
                .then().statusCode(403).body("type", equalTo("https://samen.sed-wf.nl/problems/proof-of-work-required"));
        String first = submit(TENANT, panel, join(email, "16-17"), 202).asString();

        MimeMessage confirmation = PanelMail.nth(sender, email, 1);
        assertTrue(MailServer.subject(confirmation).startsWith("Bevestig je aanmelding"));
        String token = PanelMail.token(confirmation, "bevestig");
        String leave = PanelMail.token(confirmation, "afmelden");
        // the address is kept only sealed: not in the clear in any column of any table, even now
        assertEquals(List.of(), PersonalData.whereFound(email));
        assertEquals(List.of(), PersonalData.whereFound(token), "only a hash of the link is kept");

        Api.anonymous().body(Map.of("token", token)).when()
                .post("/tenants/{t}/panel-memberships/confirmation", TENANT).then().statusCode(200)
                .body("status", equalTo("active"));
        Api.anonymous().body(Map.of("token", token)).when()
                .post("/tenants/{t}/panel-memberships/confirmation", TENANT).then().statusCode(404)
                .contentType("application/problem+json");

        // the same address again (in other capitals): the same answer, and a mail only to the address itself
        String again = submit(TENANT, panel, join(email.toUpperCase(java.util.Locale.ROOT), "16-17"), 202).asString();
        assertEquals(first, again, "a known address gets the very answer a new one gets");
        MimeMessage known = PanelMail.nth(sender, email, 2);
        assertTrue(PanelMail.text(known).contains("Je bent al lid"), PanelMail.text(known));
        assertEquals(1, Database.count("select count(*) from panel_member where panel_id = '" + panel + "'"));

        Api.anonymous().body(Map.of("token", leave)).when().post("/tenants/{t}/panel-memberships/leave", TENANT)
                .then().statusCode(204);
        assertEquals(0, Database.count("select count(*) from panel_member where panel_id = '" + panel + "'"));
        assertEquals(0, Database.count("select count(*) from panel_mail m where not exists "
                + "(select 1 from panel_member pm where pm.id = m.member_id)"));
        assertEquals(List.of(), PersonalData.whereFound(email));
        assertEquals(List.of(), PersonalData.whereFound(leave.substring(0, 36)), "not even the member's id is left");
        // a second use says the same; a link Samen did not make is a 404
        Api.anonymous().body(Map.of("token", leave)).when().post("/tenants/{t}/panel-memberships/leave", TENANT)
                .then().statusCode(204);
        Api.anonymous().body(Map.of("token", leave.substring(0, 40) + "AAAA")).when()
                .post("/tenants/{t}/panel-memberships/leave", TENANT).then().statusCode(404);
    }

    @Test
    void underSixteenIsActiveOnlyOnceAParentOrGuardianConsents() {
        String panel = PanelManagementTest.createSedPanel();
        String child = address("kind");
        String parent = address("ouder");
        submit(TENANT, panel, join(child, "under-16"), 400).path("errors[0].field").equals("guardianEmail");
        Map<String, Object> same = join(child, "under-16");
        same.put("guardianEmail", child.toUpperCase(java.util.Locale.ROOT));
        submit(TENANT, panel, same, 400);
        Map<String, Object> body = join(child, "under-16");
        body.put("guardianEmail", parent);
        submit(TENANT, panel, body, 202);

        String token = PanelMail.token(PanelMail.nth(sender, child, 1), "bevestig");
        Api.anonymous().body(Map.of("token", token)).when()
                .post("/tenants/{t}/panel-memberships/confirmation", TENANT).then().statusCode(200)
                .body("status", equalTo("awaiting-guardian"));
        assertEquals(1, Database.count("select count(*) from panel_member where panel_id = '" + panel
                + "' and status = 'AWAITING_GUARDIAN' and guardian_cipher is null"));
        // the child's own link is no consent
        Api.anonymous().body(Map.of("token", token)).when()
                .post("/tenants/{t}/panel-memberships/guardian-consent", TENANT).then().statusCode(404);

        MimeMessage ask = PanelMail.nth(sender, parent, 1);
        assertTrue(MailServer.subject(ask).startsWith("Toestemming gevraagd"));
        String consent = PanelMail.token(ask, "toestemming");
        // once the mail is sent the guardian's address is nowhere
        assertEquals(List.of(), PersonalData.whereFound(parent));
        Api.anonymous().body(Map.of("token", consent)).when()
                .post("/tenants/{t}/panel-memberships/guardian-consent", "enkhuizen").then().statusCode(404);
        Api.anonymous().body(Map.of("token", consent)).when()
                .post("/tenants/{t}/panel-memberships/guardian-consent", TENANT).then().statusCode(200)
                .body("status", equalTo("active"));
        Api.anonymous().body(Map.of("token", consent)).when()
                .post("/tenants/{t}/panel-memberships/guardian-consent", TENANT).then().statusCode(404);
        assertEquals(1, Database.count("select count(*) from panel_member where panel_id = '" + panel
                + "' and status = 'ACTIVE' and link_hash is null"));
    }

    @Test
    void signUpsThatDoNotFitAreRefusedWithoutTellingAnythingAboutMembers() {
        String panel = PanelManagementTest.createSedPanel();
        String email = address("bert");
        submit(TENANT, panel, join(email, "45-64"), 400);               // not an age band of the panel
        Map<String, Object> village = join(email, "18-24");
        village.put("area", "Enkhuizen");
        submit(TENANT, panel, village, 400);                            // not a village of Drechterland
        Map<String, Object> guardian = join(email, "18-24");
        guardian.put("guardianEmail", address("ouder"));
        submit(TENANT, panel, guardian, 400);                           // a guardian only under 16
        Map<String, Object> unknown = join(email, "18-24");
        unknown.put("name", "Bert");
        submit(TENANT, panel, unknown, 400);
        Map<String, Object> badMail = join("geen-adres", "18-24");
        submit(TENANT, panel, badMail, 400);
        Map<String, Object> band = join(email, "kleuter");
        submit(TENANT, panel, band, 400);
        Api.anonymous().body(join(email, "18-24")).when().post("/tenants/atlantis/panels/{p}/members", panel).then()
                .statusCode(404).contentType("application/problem+json");
        Api.anonymous().body(Map.of("token", "x".repeat(300))).when()
                .post("/tenants/{t}/panel-memberships/confirmation", TENANT).then().statusCode(400);
        Api.anonymous().body(Map.of("token", 42, "x", 1)).when()
                .post("/tenants/{t}/panel-memberships/confirmation", TENANT).then().statusCode(400);
        // another municipality's own panel is not there for Drechterland
        String own = Api.as(nl.sed.samen.testsupport.Tokens.editor("enkhuizen")).body(Map.of("name", "Eigen panel",
                        "owner", "enkhuizen", "tenants", List.of("enkhuizen"), "ageBands", List.of("18-24")))
                .when().post("/panels").then().statusCode(201).extract().path("id");
        submit(TENANT, own, join(email, "18-24"), 404);
        // the honeypot: answered like anyone, nothing stored
        Map<String, Object> bot = join(email, "18-24");
        bot.put("website", "https://spam.example");
        submit(TENANT, panel, bot, 202);
        assertEquals(0, Database.count("select count(*) from panel_member where panel_id = '" + panel + "'"));
    }
}
