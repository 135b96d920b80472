package nl.sed.samen.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Database;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.MailServer;
import nl.sed.samen.testsupport.OutboxDriver;
import nl.sed.samen.testsupport.PersonalData;
import nl.sed.samen.testsupport.Reactions;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * The database refuses to commit what the sender records after the mail server accepted a message (a deferred
 * constraint trigger, so the failure comes at commit, as a blip or a timeout would): once, and for good. Nothing the
 * server accepted is sent again, the other messages are not affected, and every address is erased in the end.
 */
@QuarkusTest
class SenderCommitFailureTest {

    private static final String TENANT = "enkhuizen";

    @Inject
    NotificationSender sender;

    @Test
    void aFailedCommitReSendsNothingTheMailServerAccepted() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String fine = "fine-" + suffix + "@example.nl";
        String blip = "blip-" + suffix + "@example.nl";
        String broken = "broken-" + suffix + "@example.nl";
        String consultation = Fixtures.openConsultation(TENANT, "post");
        for (String address : List.of(fine, blip, broken)) {
            Reactions.submit(TENANT, consultation, Map.of("body", "Graag bericht", "email", address), 201);
        }
        String editor = Tokens.editor(TENANT);
        Api.as(editor).body(Map.of("status", "closed")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, consultation).then().statusCode(200);
        String function = "fail_commit_" + suffix.replace("-", "");
        Database.execute("create sequence " + function + "_blip");
        Database.execute("create function " + function + "() returns trigger language plpgsql as $$ "
                + "declare fail boolean := false; begin "
                + "if new.status = 'SENT' and old.email = '" + broken + "' then fail := true; end if; "
                + "if new.status = 'SENT' and old.email = '" + blip + "' then "
                + "fail := nextval('" + function + "_blip') = 1; end if; "
                + "if fail then raise exception 'injected commit failure'; end if; return new; end $$");
        Database.execute("create constraint trigger " + function + " after update on notification "
                + "deferrable initially deferred for each row execute function " + function + "()");
        try {
            Api.as(editor).body(Map.of("summary", "Samenvatting", "decision", "Besluit")).when()
                    .put("/tenants/{tenant}/consultations/{id}/feedback", TENANT, consultation).then().statusCode(200);
            // settled: every address received its message, the blip's outcome is recorded on its second try
            OutboxDriver.sendUntil(sender, consultation, () -> Stream.of(fine, blip, broken)
                    .allMatch(address -> !MailServer.to(address).isEmpty())
                    && OutboxDriver.count(consultation, "SENT") == 2 && OutboxDriver.count(consultation, "PENDING") == 0);
            sender.sendDue();
            for (String address : List.of(fine, blip, broken)) {
                assertEquals(1, MailServer.to(address).size(), "one message for " + address);
            }
            assertEquals(2, Database.count("select count(*) from notification where consultation_id = '"
                    + consultation + "' and status = 'SENT'"), "the blip is recorded on the second try");
            assertEquals(1, Database.count("select count(*) from notification where consultation_id = '"
                    + consultation + "' and status = 'SENDING'"), "the broken record stays claimed");
            assertEquals(List.of("notification.email", "reaction.email"), PersonalData.whereFound(broken));

            // the claim runs out: the message is closed as unconfirmed, not sent again, and the address erased
            Database.execute("update notification set claimed_until = now() - interval '1 second' "
                    + "where consultation_id = '" + consultation + "' and status = 'SENDING'");
            sender.sendDue();
            assertEquals(1, MailServer.to(broken).size(), "never sent twice");
            // (its attempts may be 2: a send the test mail server stalled and failed is tried again, as it should be)
            assertEquals(1, Database.count("select count(*) from notification where consultation_id = '"
                    + consultation + "' and status = 'UNCONFIRMED'"));
            for (String address : List.of(fine, blip, broken)) {
                assertEquals(List.of(), PersonalData.whereFound(address));
            }
        } finally {
            Database.execute("drop trigger " + function + " on notification");
            Database.execute("drop function " + function + "()");
            Database.execute("drop sequence " + function + "_blip");
        }
    }
}
