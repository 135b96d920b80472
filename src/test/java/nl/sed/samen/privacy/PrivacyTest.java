package nl.sed.samen.privacy;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import nl.sed.samen.defence.RetentionJobs;
import nl.sed.samen.feedback.NotificationSender;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Database;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.MailServer;
import nl.sed.samen.testsupport.PersonalData;
import nl.sed.samen.testsupport.Reactions;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * The README's privacy promises, each checked in every column of every table (and in the audit log through the API),
 * not only in the row that was meant: addresses after sending, unsubscribing and retention; a withdrawn, moderated
 * reaction; flags; who hears back.
 */
@QuarkusTest
class PrivacyTest {

    private static final String TENANT = "drechterland";
    private static final Map<String, Object> FEEDBACK = Map.of("summary", "Wat we hoorden.", "decision", "Het besluit.");

    @Inject
    NotificationSender sender;

    @Inject
    RetentionJobs retention;

    private final String editor = Tokens.editor(TENANT);
    private final String moderator = Tokens.moderator(TENANT);

    /** A word no other test uses, so finding it anywhere means it was not erased. */
    private static String mark(String what) {
        return what + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    }

    private static void assertNowhere(String value) {
        assertTrue(PersonalData.columnsSearched() > 50, "the scan must cover the whole schema");
        assertEquals(List.of(), PersonalData.whereFound(value), "still held in these columns");
    }

    private String pending(String consultation, String body, String email) {
        Map<String, Object> reaction = new HashMap<>(Map.of("body", body));
        if (email != null) {
            reaction.put("email", email);
        }
        return Reactions.submit(TENANT, consultation, reaction, 202).path("id");
    }

    private void decide(String id, String decision) {
        Api.as(moderator).body(Map.of("decision", decision, "reason", "Beoordeeld")).when()
                .post("/tenants/{tenant}/reactions/{id}/moderation", TENANT, id).then().statusCode(200);
    }

    private void closeAndPublishFeedback(String consultation) {
        Api.as(editor).body(Map.of("status", "closed")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, consultation).then().statusCode(200);
        Api.as(editor).body(FEEDBACK).when()
                .put("/tenants/{tenant}/consultations/{id}/feedback", TENANT, consultation).then().statusCode(200);
    }

    /** Sends until this address has its message (the scheduled sender may have sent it already). */
    private MimeMessage awaitMail(String address) throws InterruptedException {
        for (int i = 0; i < 50 && MailServer.to(address).isEmpty(); i++) {
            sender.sendDue();
            Thread.sleep(100);
        }
        List<MimeMessage> mails = MailServer.to(address);
        assertEquals(1, mails.size(), "exactly one message for " + address);
        return mails.get(0);
    }

    private void runRetention() {
        for (int i = 0; i < 50; i++) {
            if (!retention.run().isEmpty()) {
                return;
            }
            try {
                Thread.sleep(100); // the scheduled run holds the lock; wait for our own run
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the retention job never got its lock");
    }

    @Test
    void onlyPublishedReactionsHearBackAndEveryAddressIsGoneOnceTheMailIsSent() throws Exception {
        String consultation = Fixtures.openConsultation(TENANT, "pre");
        String published = mark("pub") + "@example.nl";
        String rejected = mark("rej") + "@example.nl";
        String waiting = mark("pen") + "@example.nl";
        String withdrawn = mark("wd") + "@example.nl";
        decide(pending(consultation, "Gepubliceerd", published), "approve");
        decide(pending(consultation, "Afgewezen", rejected), "reject");
        pending(consultation, "Nooit beoordeeld", waiting);
        var own = Reactions.submit(TENANT, consultation, Map.of("body", "Ingetrokken", "email", withdrawn), 202);
        decide(own.path("id"), "approve");
        Api.anonymous().header("Receipt-Token", own.path("receiptToken").toString()).when()
                .delete("/tenants/{tenant}/reactions/{id}", TENANT, own.path("id").toString()).then().statusCode(204);
        assertTrue(PersonalData.whereFound(published).contains("reaction.email"), "the scan finds what is there");

        closeAndPublishFeedback(consultation);
        for (String unused : List.of(rejected, waiting, withdrawn)) {
            assertNowhere(unused);
        }
        MimeMessage mail = awaitMail(published);
        assertTrue(MailServer.text(mail).contains("Het besluit."));
        assertEquals("List-Unsubscribe=One-Click", MailServer.header(mail, "List-Unsubscribe-Post"));
        assertTrue(MailServer.unsubscribePath(mail).startsWith("/tenants/" + TENANT + "/unsubscribe/"));
        assertNowhere(published);
        sender.sendDue();
        for (String unused : List.of(rejected, waiting, withdrawn)) {
            assertEquals(0, MailServer.to(unused).size(), "no mail for a reaction that was not published");
        }
        assertEquals(0, Database.count("select count(*) from notification where consultation_id = '" + consultation
                + "' and (email is not null or email_key is not null)"));
    }

    @Test
    void aStoredTitleWithALineBreakStillGivesADeliverableOneLineSubject() throws Exception {
        String address = mark("subject") + "@example.nl";
        String consultation = Fixtures.openConsultation(TENANT, "post");
        Reactions.submit(TENANT, consultation, Map.of("body", "Graag bericht", "email", address), 201);
        // as stored before one-line fields were enforced
        Database.execute("update consultation set title = E'Het plein\\r\\nBcc: ' || '" + address.replace("@", "+x@")
                + "' where id = '" + consultation + "'");
        closeAndPublishFeedback(consultation);
        MimeMessage mail = awaitMail(address);
        assertEquals("Terugkoppeling: Het plein Bcc: " + address.replace("@", "+x@"), MailServer.subject(mail));
        assertEquals(0, MailServer.to(address.replace("@", "+x@")).size(), "no header injection");
    }

    @Test
    void oneClickUnsubscribeErasesTheAddressFromEveryReactionAtOnce() throws Exception {
        String address = mark("uns") + "@Example.nl";
        String stillOpen = Fixtures.openConsultation(TENANT, "post");
        Reactions.submit(TENANT, stillOpen, Map.of("body", "Elders", "email", address.toLowerCase(Locale.ROOT)), 201);
        String consultation = Fixtures.openConsultation(TENANT, "post");
        Reactions.submit(TENANT, consultation, Map.of("body", "Hier", "email", address), 201);
        closeAndPublishFeedback(consultation);
        MimeMessage mail = awaitMail(address);
        assertEquals(List.of("reaction.email"), PersonalData.whereFound(address), "only the open consultation's");

        String path = MailServer.unsubscribePath(mail);
        Api.anonymous().contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click")
                .when().post(path).then().statusCode(204);
        assertNowhere(address);
        assertNowhere(address.toLowerCase(Locale.ROOT));
        Api.anonymous().contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click")
                .when().post(path).then().statusCode(204);

        String token = path.substring(path.lastIndexOf('/') + 1);
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        Api.anonymous().when().post("/tenants/{tenant}/unsubscribe/{token}", TENANT, tampered).then().statusCode(404)
                .contentType("application/problem+json");
        Api.anonymous().when().post("/tenants/{tenant}/unsubscribe/{token}", "enkhuizen", token).then()
                .statusCode(404).contentType("application/problem+json");
        Api.anonymous().when().post("/tenants/{tenant}/unsubscribe/{token}", "nergens", token).then()
                .statusCode(404).contentType("application/problem+json");
        Api.anonymous().when().post("/tenants/{tenant}/unsubscribe/{token}", TENANT, "x".repeat(300)).then()
                .statusCode(404).contentType("application/problem+json");
    }

    @Test
    void retentionErasesAddressesUnsentMessagesAndFlagDetails() {
        String address = mark("old") + "@example.nl";
        String queued = mark("queued") + "@example.nl";
        String comment = mark("flagcomment");
        String consultation = Fixtures.openConsultation(TENANT, "post");
        String id = Reactions.submit(TENANT, consultation, Map.of("body", "Van lang geleden", "email", address), 201)
                .path("id");
        Api.anonymous().header("X-Forwarded-For", "198.51.100.141").body(Map.of("reason", "other", "comment", comment))
                .when().post("/tenants/{tenant}/reactions/{id}/flags", TENANT, id).then().statusCode(202);
        Database.execute("update reaction set created_at = now() - interval '181 days' where id = '" + id + "'");
        Database.execute("update reaction_flag set created_at = now() - interval '31 days' where reaction_id = '"
                + id + "'");

        String mailed = Fixtures.openConsultation(TENANT, "post");
        Reactions.submit(TENANT, mailed, Map.of("body", "Nog niet verstuurd", "email", queued), 201);
        closeAndPublishFeedback(mailed);
        // as if the mail server had been failing for half a year
        Database.execute("update notification set next_attempt_at = now() + interval '1 day', "
                + "created_at = now() - interval '181 days' where consultation_id = '" + mailed + "'");
        Database.execute("update reaction set created_at = now() - interval '181 days' where consultation_id = '"
                + mailed + "'");

        runRetention();
        assertNowhere(address);
        assertNowhere(queued);
        assertNowhere(comment);
        assertEquals(0, Database.count("select count(*) from reaction_flag where reaction_id = '" + id
                + "' and client_key is not null"));
        assertEquals(1, Database.count("select count(*) from reaction_flag where reaction_id = '" + id
                + "' and reason = 'OTHER'"), "the flag itself stays, for the figures");
    }

    @Test
    void aWithdrawnModeratedReactionIsInNoTableAndNeverWasInTheAuditLog() {
        String text = mark("text");
        String name = mark("Name");
        String address = mark("mail") + "@example.nl";
        String comment = mark("comment");
        String consultation = Fixtures.openConsultation(TENANT, "pre");
        var submitted = Reactions.submit(TENANT, consultation, Map.of("body", "Mijn reactie " + text,
                "displayName", "Bewoner " + name, "email", address, "ageBand", "65-plus", "area", "Westwoud"), 202);
        String id = submitted.path("id");
        decide(id, "approve");
        Api.as(moderator).body(Map.of("body", "Dank u wel.")).when()
                .put("/tenants/{tenant}/reactions/{id}/reply", TENANT, id).then().statusCode(200);
        Api.anonymous().header("X-Forwarded-For", "198.51.100.142").body(Map.of("reason", "personal-data",
                "comment", comment)).when().post("/tenants/{tenant}/reactions/{id}/flags", TENANT, id).then()
                .statusCode(202);
        assertTrue(PersonalData.whereFound(comment).contains("reaction_flag.comment"));
        decide(id, "hide");
        assertNowhere(comment);
        assertEquals(0, Database.count("select count(*) from reaction_flag where reaction_id = '" + id
                + "' and client_key is not null"), "a decided reaction's flags lose their client key");
        decide(id, "restore");

        String audit = Api.as(Tokens.admin(TENANT)).queryParam("entityId", id).when()
                .get("/tenants/{tenant}/audit-events", TENANT).then().statusCode(200)
                .body("items.size()", equalTo(4))
                .body("items.find { it.action == 'reaction.moderated.hide' }.after.decision", equalTo("hide"))
                .body("items.find { it.action == 'reaction.moderated.hide' }.after.status", equalTo("hidden"))
                .extract().asString();
        for (String personal : List.of(text, name, address, "65-plus", "Westwoud")) {
            assertFalse(audit.contains(personal), "the audit log holds " + personal);
        }

        Api.anonymous().header("Receipt-Token", submitted.path("receiptToken").toString()).when()
                .delete("/tenants/{tenant}/reactions/{id}", TENANT, id).then().statusCode(204);
        for (String personal : List.of(text, name, address, comment)) {
            assertNowhere(personal);
        }
        String after = Api.as(Tokens.admin(TENANT)).queryParam("entityId", id).when()
                .get("/tenants/{tenant}/audit-events", TENANT).then().statusCode(200).extract().asString();
        assertFalse(after.contains(text) || after.contains(name));
    }
}
