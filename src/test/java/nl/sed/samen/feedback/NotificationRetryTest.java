package nl.sed.samen.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Database;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.PersonalData;
import nl.sed.samen.testsupport.Reactions;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/** With a mail server that refuses connections, messages wait and are retried later; nothing is lost or erased early. */
@QuarkusTest
@TestProfile(NotificationRetryTest.UnreachableMailServer.class)
class NotificationRetryTest {

    public static class UnreachableMailServer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.mailer.mock", "false", "quarkus.mailer.host", "127.0.0.1",
                    "quarkus.mailer.port", "1", "samen.notifications.interval", "off");
        }
    }

    @Inject
    NotificationSender sender;

    @Test
    void aFailingServerIsRetriedWithBackOff() {
        String tenant = "stede-broec";
        String consultation = Fixtures.openConsultation(tenant, "post");
        Reactions.submit(tenant, consultation, Map.of("body", "Graag bericht", "email", "kim@example.nl"), 201);
        String editor = Tokens.editor(tenant);
        Api.as(editor).body(Map.of("status", "closed")).when()
                .patch("/tenants/{tenant}/consultations/{id}", tenant, consultation).then().statusCode(200);
        Api.as(editor).body(Map.of("summary", "Samenvatting", "decision", "Besluit")).when()
                .put("/tenants/{tenant}/consultations/{id}/feedback", tenant, consultation).then().statusCode(200);
        assertEquals(0, sender.sendDue());
        assertEquals(1, Database.count("select count(*) from notification where consultation_id = '" + consultation
                + "' and status = 'PENDING' and attempts = 1 and email is not null and last_error is not null"
                + " and next_attempt_at > now()"));
        assertEquals(0, sender.sendDue(), "not due again before its back-off has passed");
        assertEquals(1, Database.count("select count(*) from reaction where consultation_id = '" + consultation
                + "' and email is not null"), "the address is kept until the message is sent");
        assertEquals(Duration.ofSeconds(30), NotificationSender.backoff(1));
        assertEquals(Duration.ofMinutes(4), NotificationSender.backoff(4));
        assertEquals(Duration.ofHours(6), NotificationSender.backoff(30));
    }

    @Test
    void afterTheLastAttemptTheAddressIsInNoTable() {
        String tenant = "drechterland";
        String address = "gave-up." + java.util.UUID.randomUUID() + "@example.nl";
        String consultation = Fixtures.openConsultation(tenant, "post");
        Reactions.submit(tenant, consultation, Map.of("body", "Graag bericht", "email", address), 201);
        String editor = Tokens.editor(tenant);
        Api.as(editor).body(Map.of("status", "closed")).when()
                .patch("/tenants/{tenant}/consultations/{id}", tenant, consultation).then().statusCode(200);
        Api.as(editor).body(Map.of("summary", "Samenvatting", "decision", "Besluit")).when()
                .put("/tenants/{tenant}/consultations/{id}/feedback", tenant, consultation).then().statusCode(200);
        assertEquals(List.of("notification.email", "reaction.email"), PersonalData.whereFound(address),
                "kept while the message waits");
        // the message has used all but its last attempt, and that one is due now
        Database.execute("update notification set attempts = 7, next_attempt_at = now() - interval '1 second' "
                + "where consultation_id = '" + consultation + "'");
        sender.sendDue();
        assertEquals(1, Database.count("select count(*) from notification where consultation_id = '" + consultation
                + "' and status = 'FAILED'"));
        assertEquals(List.of(), PersonalData.whereFound(address), "given up: the address is erased everywhere");
    }
}
