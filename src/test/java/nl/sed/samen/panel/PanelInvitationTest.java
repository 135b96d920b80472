package nl.sed.samen.panel;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.sed.samen.defence.RetentionJobs;
import nl.sed.samen.feedback.NotificationSender;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Database;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.MailServer;
import nl.sed.samen.testsupport.PersonalData;
import nl.sed.samen.testsupport.Polls;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PanelInvitationTest {

    private static final String TENANT = PanelMembershipTest.TENANT;
    private static final String PANEL_ONLY = "https://samen.sed-wf.nl/problems/panel-only";

    @Inject
    NotificationSender sender;

    @Inject
    RetentionJobs retention;

    private final String editor = Tokens.editor(TENANT);

    /** An open consultation for a panel in a published project, with an open poll; returns [consultation, poll]. */
    private String[] panelConsultation() {
        String project = Fixtures.project(TENANT, true);
        Map<String, Object> body = new HashMap<>(Fixtures.manifest("Een skatebaan in Hoogkarspel?"));
        body.put("moderationMode", "post");
        body.put("audience", "panel");
        String consultation = Fixtures.draftConsultation(TENANT, project, body);
        Api.as(editor).body(Map.of("status", "open")).when()
                .patch("/tenants/{t}/consultations/{id}", TENANT, consultation).then().statusCode(200);
        String poll = Api.as(editor).body(Map.of("question", "Waar moet de baan komen?",
                        "options", List.of(Map.of("label", "Bij de school"), Map.of("label", "In het park"))))
                .when().post("/tenants/{t}/consultations/{id}/polls", TENANT, consultation).then().statusCode(201)
                .extract().path("id");
        Api.as(editor).body(Map.of("status", "open")).when().patch("/tenants/{t}/polls/{id}", TENANT, poll).then()
                .statusCode(200);
        return new String[] {consultation, poll};
    }

    private String option(String poll) {
        return Api.anonymous().when().get("/tenants/{t}/polls/{id}", TENANT, poll).then().statusCode(200).extract()
                .path("options[0].id");
    }

    private io.restassured.response.ValidatableResponse use(String token) {
        return Api.anonymous().body(Map.of("token", token)).when()
                .post("/tenants/{t}/panel-invitations/use", TENANT).then();
    }

    @Test
    void invitedMembersTakePartOnceUnlinkablyAndTheOthersGetOneReminder() {
        String panel = PanelManagementTest.createSedPanel();
        String anna = PanelMembershipTest.address("anna");
        String bram = PanelMembershipTest.address("bram");
        String annaLeave = PanelMembershipTest.activeMember(sender, panel, anna, "16-17");
        PanelMembershipTest.activeMember(sender, panel, bram, "18-24");
        String[] c = panelConsultation();
        String consultation = c[0];
        String poll = c[1];

        // without an invitation: no input, with a problem that says why; the content stays readable
        Api.anonymous().header("Voter-Token", Polls.voterToken(TENANT))
                .body(Map.of("optionIds", List.of(option(poll)))).when()
                .post("/tenants/{t}/polls/{id}/votes", TENANT, poll).then().statusCode(403)
                .body("type", equalTo(PANEL_ONLY));
        Api.anonymous().body(Map.of("body", "Ik ben geen lid.")).when()
                .post("/tenants/{t}/consultations/{id}/reactions", TENANT, consultation).then().statusCode(403)
                .body("type", equalTo(PANEL_ONLY));
        Api.anonymous().when().get("/tenants/{t}/consultations/{id}", TENANT, consultation).then().statusCode(200);

        // inviting: editors of the municipality; a panel consultation only; repeating invites no one twice
        Api.anonymous().body(Map.of("panelId", panel)).when()
                .post("/tenants/{t}/consultations/{id}/panel-invitations", TENANT, consultation).then().statusCode(401);
        Api.as(Tokens.moderator(TENANT)).body(Map.of("panelId", panel)).when()
                .post("/tenants/{t}/consultations/{id}/panel-invitations", TENANT, consultation).then().statusCode(403);
        Api.as(Tokens.editor("enkhuizen")).body(Map.of("panelId", panel)).when()
                .post("/tenants/{t}/consultations/{id}/panel-invitations", "enkhuizen", consultation).then()
                .statusCode(404);
        Api.as(editor).body(Map.of("panelId", panel)).when()
                .post("/tenants/{t}/consultations/{id}/panel-invitations", TENANT,
                        Fixtures.openConsultation(TENANT, "post")).then().statusCode(409);
        Api.as(editor).body(Map.of("panelId", "nope")).when()
                .post("/tenants/{t}/consultations/{id}/panel-invitations", TENANT, consultation).then().statusCode(400);
        Api.as(editor).body(Map.of("panelId", panel)).when()
                .post("/tenants/{t}/consultations/{id}/panel-invitations", TENANT, consultation).then().statusCode(201)
                .body("invited", equalTo(2)).body("alreadyInvited", equalTo(0));
        Api.as(editor).body(Map.of("panelId", panel)).when()
                .post("/tenants/{t}/consultations/{id}/panel-invitations", TENANT, consultation).then().statusCode(201)
                .body("invited", equalTo(0)).body("alreadyInvited", equalTo(2));
        Api.as(Tokens.admin(TENANT)).queryParam("action", "panel.invited").queryParam("entityId", consultation).when()
                .get("/tenants/{t}/audit-events", TENANT).then().statusCode(200).body("items.size()", equalTo(2));

        MimeMessage invitation = PanelMail.nth(sender, anna, 2);
        assertTrue(MailServer.subject(invitation).startsWith("Je mening gevraagd"), MailServer.subject(invitation));
        assertTrue(PanelMail.text(invitation).contains("/embed/v1/panel.html?tenant=" + TENANT
                + "&consultation=" + consultation + "#uitnodiging="), PanelMail.text(invitation));
        String link = PanelMail.token(invitation, "uitnodiging");
        assertEquals(List.of(), PersonalData.whereFound(link), "only a hash of the link is kept");

        String voterToken = use(link).statusCode(201).body("consultationId", equalTo(consultation)).extract()
                .path("voterToken");
        use(link).statusCode(409).contentType("application/problem+json");
        use("AAAA" + link.substring(4)).statusCode(404);

        Api.anonymous().header("Voter-Token", voterToken).body(Map.of("optionIds", List.of(option(poll)))).when()
                .post("/tenants/{t}/polls/{id}/votes", TENANT, poll).then().statusCode(201);
        Api.anonymous().header("Voter-Token", voterToken).body(Map.of("optionIds", List.of(option(poll)))).when()
                .post("/tenants/{t}/polls/{id}/votes", TENANT, poll).then().statusCode(409);
        String reaction = Api.anonymous().header("Voter-Token", voterToken)
                .body(Map.of("body", "Bij de school, dan kan iedereen er lopend heen.")).when()
                .post("/tenants/{t}/consultations/{id}/reactions", TENANT, consultation).then().statusCode(201)
                .extract().path("id");
        // the participation right is for this consultation only
        String elsewhere = panelConsultation()[0];
        Api.anonymous().header("Voter-Token", voterToken).body(Map.of("body", "Hier ook?")).when()
                .post("/tenants/{t}/consultations/{id}/reactions", TENANT, elsewhere).then().statusCode(403)
                .body("type", equalTo(PANEL_ONLY));

        // what the member answered refers to neither member nor invitation: the ballot carries the token's random id
        String member = annaLeave.substring(0, 36);
        String tokenId = new String(Base64.getUrlDecoder().decode(voterToken.substring(0, voterToken.indexOf('.'))),
                StandardCharsets.UTF_8).split("\\.")[2];
        assertEquals(List.of("vote.voter"), PersonalData.whereFound(tokenId));
        for (String found : PersonalData.whereFound(member)) {
            assertTrue(found.startsWith("panel_"), member + " found in " + found);
        }
        String invitationId = Database.text("select id::text from panel_invitation where used and consultation_id = '"
                + consultation + "'");
        assertEquals(List.of("panel_invitation.id"), PersonalData.whereFound(invitationId));
        assertEquals(1, Database.count("select count(*) from reaction where id = '" + reaction + "'"));

        // one reminder for the member who did not take part, with a fresh link; the first one stops working
        Database.execute("update panel_invitation set created_at = created_at - interval '6 days' "
                + "where consultation_id = '" + consultation + "'");
        String bramFirst = PanelMail.token(PanelMail.nth(sender, bram, 2), "uitnodiging");
        retention.run();
        MimeMessage reminder = PanelMail.nth(sender, bram, 3);
        assertTrue(MailServer.subject(reminder).startsWith("Herinnering"), MailServer.subject(reminder));
        retention.run();
        sender.sendDue();
        assertEquals(3, MailServer.to(bram).size(), "one reminder only");
        assertEquals(2, MailServer.to(anna).size(), "no reminder after taking part");
        use(bramFirst).statusCode(404);
        use(PanelMail.token(reminder, "uitnodiging")).statusCode(201);

        // the report and the impact meter count invitations and responses; 2 of 2 is too small to show
        Api.as(editor).when().get("/tenants/{t}/consultations/{id}/report", TENANT, consultation).then()
                .statusCode(200).body("panelResponse[0].invited", equalTo(2))
                .body("panelResponse[0].suppressed", equalTo(true));
        Api.as(editor).when().get("/tenants/{t}/impact", TENANT).then().statusCode(200)
                .body("panel.consultations.consultationId", hasItem(consultation));

        // once the consultation is reported the invitations go; the counts stay
        Api.as(editor).body(Map.of("status", "closed")).when()
                .patch("/tenants/{t}/consultations/{id}", TENANT, consultation).then().statusCode(200);
        Api.as(editor).body(Map.of("summary", "Veel stemmen voor de school.", "decision", "De baan komt bij de school."))
                .when().put("/tenants/{t}/consultations/{id}/feedback", TENANT, consultation).then().statusCode(200);
        retention.run();
        assertEquals(0, Database.count("select count(*) from panel_invitation where consultation_id = '"
                + consultation + "'"));
        assertEquals(2, Database.count("select responded from panel_response where consultation_id = '"
                + consultation + "'"));
    }

    @Test
    void aMemberWhoLeavesTakesTheirUnusedInvitationsAlong() {
        String panel = PanelManagementTest.createSedPanel();
        String cas = PanelMembershipTest.address("cas");
        String leave = PanelMembershipTest.activeMember(sender, panel, cas, "18-24");
        String consultation = panelConsultation()[0];
        Api.as(editor).body(Map.of("panelId", panel)).when()
                .post("/tenants/{t}/consultations/{id}/panel-invitations", TENANT, consultation).then().statusCode(201)
                .body("invited", equalTo(1));
        String link = PanelMail.token(PanelMail.nth(sender, cas, 2), "uitnodiging");
        Api.anonymous().body(Map.of("token", leave)).when().post("/tenants/{t}/panel-memberships/leave", TENANT)
                .then().statusCode(204);
        use(link).statusCode(404);
        assertEquals(0, Database.count("select count(*) from panel_invitation where consultation_id = '"
                + consultation + "'"));
        assertEquals(1, Database.count("select invited from panel_response where consultation_id = '"
                + consultation + "'"), "the count of invitations stays");
        assertEquals(List.of(), PersonalData.whereFound(cas));
    }

    @Test
    void retentionErasesUnconfirmedSignUpsAndLongInactiveMembersAfterANotice() {
        String panel = PanelManagementTest.createSedPanel();
        String late = PanelMembershipTest.address("laat");
        PanelMembershipTest.submit(TENANT, panel, PanelMembershipTest.join(late, "18-24"), 202);
        String token = PanelMail.token(PanelMail.nth(sender, late, 1), "bevestig");
        Database.execute("update panel_member set created_at = created_at - interval '8 days' where panel_id = '"
                + panel + "'");
        // past the 7 days the link no longer works, and the retention job erases the sign-up
        Api.anonymous().body(Map.of("token", token)).when()
                .post("/tenants/{t}/panel-memberships/confirmation", TENANT).then().statusCode(404);
        retention.run();
        assertEquals(0, Database.count("select count(*) from panel_member where panel_id = '" + panel + "'"));

        String sleeper = PanelMembershipTest.address("slaper");
        PanelMembershipTest.activeMember(sender, panel, sleeper, "18-24");
        Database.execute("update panel_member set last_active_month = date_trunc('month', now() - interval '25 months')"
                + " where panel_id = '" + panel + "'");
        retention.run();
        MimeMessage notice = PanelMail.nth(sender, sleeper, 2);
        assertTrue(MailServer.subject(notice).startsWith("Wil je lid blijven"), MailServer.subject(notice));
        assertTrue(PanelMail.text(notice).contains("#afmelden="));
        assertEquals(1, Database.count("select count(*) from panel_member where panel_id = '" + panel + "'"));
        retention.run();
        sender.sendDue();
        assertEquals(2, MailServer.to(sleeper).size(), "one notice");
        Database.execute("update panel_member set notice_sent_at = now() - interval '31 days' where panel_id = '"
                + panel + "'");
        retention.run();
        assertEquals(0, Database.count("select count(*) from panel_member where panel_id = '" + panel + "'"));
        assertEquals(List.of(), PersonalData.whereFound(sleeper));
    }

    @Test
    void panelFiguresSuppressSmallGroups() {
        String panel = PanelManagementTest.createSedPanel();
        // figures are counts of rows; the rows here are written directly (the sign-up path is tested above)
        for (int i = 0; i < 8; i++) {
            String tenant = i < 6 ? "enkhuizen" : "drechterland";
            Database.execute("insert into panel_member (id, panel_id, tenant_slug, area, age_band, email_key, "
                    + "email_cipher, status, created_at, last_active_month) values (gen_random_uuid(), '" + panel
                    + "', '" + tenant + "', 'x', '" + (i < 6 ? "AGE_16_17" : "AGE_18_24") + "', 'k" + i + panel
                    + "', '\\x00', 'ACTIVE', now(), current_date)");
        }
        String consultation = panelConsultation()[0];
        Database.execute("insert into panel_response values ('" + consultation + "', '" + panel + "', 12, 6)");
        Api.as(Tokens.official("*", "editor")).when().get("/panels/{id}/figures", panel).then().statusCode(200)
                .body("members", equalTo(8))
                .body("membersByMunicipality.find { it.group == 'drechterland' }.suppressed", equalTo(true))
                .body("membersByMunicipality.find { it.group == 'drechterland' }.count", equalTo(null))
                .body("membersByAgeBand.find { it.group == '18-24' }.suppressed", equalTo(true))
                .body("consultations[0].responded", equalTo(6))
                .body("consultations[0].rate", equalTo(0.5f));
        Api.as(Tokens.editor("enkhuizen")).when().get("/tenants/enkhuizen/impact").then().statusCode(200)
                .body("panel.membersByAgeBand.find { it.group == '16-17' }.count", equalTo(6));
        Database.execute("update panel_response set responded = 3 where consultation_id = '" + consultation + "'");
        Api.as(editor).when().get("/tenants/{t}/consultations/{id}/report", TENANT, consultation).then()
                .statusCode(200).body("panelResponse[0].responded", equalTo(null))
                .body("panelResponse[0].suppressed", equalTo(true));
        Database.execute("delete from panel_member where panel_id = '" + panel + "'");
    }
}
