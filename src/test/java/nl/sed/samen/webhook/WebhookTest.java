package nl.sed.samen.webhook;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Database;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.PersonalData;
import nl.sed.samen.testsupport.Polls;
import nl.sed.samen.testsupport.Reactions;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks end to end, against a real HTTP receiver in the test: what is sent when, signed how (checked by the
 * reference npm package as well), retried with the same id, disabled after failures, rotated, delivered once by two
 * concurrent senders, and free of personal data.
 */
@QuarkusTest
class WebhookTest {

    private static final String TENANT = "stede-broec";
    private static final String ALL = "[\"project.published\",\"consultation.opened\",\"consultation.closed\","
            + "\"consultation.reported\",\"poll.opened\",\"poll.closed\",\"reaction.published\"]";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Receiver receiver;

    @Inject
    WebhookSender sender;

    @Inject
    WebhookEvents events;

    private final String admin = Tokens.admin(TENANT);

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = new Receiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    /** Each test's subscriptions go with it, so later tests (and other classes) queue nothing for this receiver. */
    @AfterEach
    void forgetSubscriptions() {
        Database.execute("delete from webhook_subscription");
    }

    private Map<String, Object> subscribe(String path, String types) {
        return Api.as(admin).body("{\"url\":\"" + receiver.url(path) + "\",\"eventTypes\":" + types + "}")
                .when().post("/tenants/{t}/webhooks", TENANT).then().statusCode(201)
                .header("Location", containsString("/webhooks/"))
                .body("secret", startsWith("whsec_")).body("active", equalTo(true))
                .extract().as(Map.class);
    }

    private String testEvent(Object webhookId) {
        return Api.as(admin).when().post("/tenants/{t}/webhooks/{id}/test-events", TENANT, webhookId).then()
                .statusCode(202).extract().path("deliveryId");
    }

    /** The product waits out its back-off; here the pending deliveries are made due at once. */
    private void retryNow(Object webhookId) {
        Database.execute("update webhook_delivery set next_attempt_at = now() - interval '1 second' "
                + "where subscription_id = '" + webhookId + "' and status = 'PENDING'");
        sender.sendDue();
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyEventReachesTheReceiverSignedPinnedAndWithoutPersonalData() throws Exception {
        Map<String, Object> subscription = subscribe("/all", ALL);
        String secret = (String) subscription.get("secret");

        String consultation = Fixtures.openConsultation(TENANT, "post");
        String editor = Tokens.editor(TENANT);
        String pollId = Api.as(editor).body(Map.of("question", "Welke boom?", "options",
                        List.of(Map.of("label", "Linde"), Map.of("label", "Eik"))))
                .when().post("/tenants/{t}/consultations/{id}/polls", TENANT, consultation).then().statusCode(201)
                .extract().path("id");
        Map<String, Object> poll = Api.as(editor).body(Map.of("status", "open"))
                .when().patch("/tenants/{t}/polls/{id}", TENANT, pollId).then().statusCode(200).extract().as(Map.class);
        Api.anonymous().header("Voter-Token", Polls.voterToken(TENANT))
                .body(Map.of("optionIds", List.of(Polls.optionId(poll, 1)), "ageBand", "25-44", "area", "Grootebroek"))
                .when().post("/tenants/{t}/polls/{id}/votes", TENANT, pollId).then().statusCode(201);
        String text = "Graag een speelplek bij de Streekweg voor onze kinderen, vindt Anna.";
        String reaction = Reactions.submit(TENANT, consultation, Map.of("body", text, "displayName", "Anna Visser",
                "ageBand", "25-44", "area", "Lutjebroek", "email", "anna.visser@example.nl"), 201).path("id");
        Api.as(editor).body(Map.of("status", "closed")).when().patch("/tenants/{t}/polls/{id}", TENANT, pollId)
                .then().statusCode(200);
        Api.as(editor).body(Map.of("status", "closed")).when()
                .patch("/tenants/{t}/consultations/{id}", TENANT, consultation).then().statusCode(200);
        Api.as(editor).body(Map.of("summary", "Veel wensen voor spelen.", "decision", "Er komt een speelplek.",
                        "changes", "Een speelplek in het ontwerp."))
                .when().put("/tenants/{t}/consultations/{id}/feedback", TENANT, consultation).then().statusCode(200);

        sender.sendDue();
        List<Receiver.Received> got = receiver.at("/all");
        Map<String, JsonNode> byType = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (Receiver.Received r : got) {
            JsonNode body = parse(r.body());
            byType.put(body.get("type").asText() + ":" + body.at("/data/" + body.get("type").asText().split("\\.")[0]
                    + "/id").asText(), body);
            assertTrue(ids.add(r.id()), "a webhook-id per delivery");
            assertEquals("localhost:" + receiver.port(), r.host(), "the configured host, sent to the checked address");
            assertEquals(TENANT, body.at("/data/tenant").asText());
            assertTrue(body.get("timestamp").asText().endsWith("Z"));
        }
        JsonNode closed = byType.get("poll.closed:" + pollId);
        assertEquals(1, closed.at("/data/poll/totalVotes").asLong(), "the final results");
        assertEquals(1, closed.at("/data/poll/options/1/votes").asLong());
        assertEquals(0, closed.at("/data/poll/options/0/votes").asLong());
        assertEquals("closed", closed.at("/data/poll/status").asText());
        assertTrue(byType.get("poll.opened:" + pollId).at("/data/poll/options/0/votes").isMissingNode(),
                "no counts while the poll is open");
        assertEquals("Er komt een speelplek.",
                byType.get("consultation.reported:" + consultation).at("/data/consultation/feedback/decision").asText());
        assertTrue(byType.containsKey("consultation.opened:" + consultation));
        assertTrue(byType.containsKey("consultation.closed:" + consultation));
        JsonNode published = byType.get("reaction.published:" + reaction);
        assertEquals(consultation, published.at("/data/reaction/consultationId").asText());
        String project = Api.as(editor).when().get("/tenants/{t}/consultations/{id}", TENANT, consultation).then()
                .statusCode(200).extract().path("projectId");
        assertTrue(byType.containsKey("project.published:" + project));

        // nothing of the resident in any payload, nor in the outbox tables
        List<String> keys = new ArrayList<>();
        for (Receiver.Received r : got) {
            for (String personal : List.of("anna.visser@example.nl", "Anna Visser", "Streekweg", "Lutjebroek",
                    "Grootebroek", "25-44", "receiptToken", "clientKey", "email")) {
                assertFalse(r.body().contains(personal), personal + " in " + r.body());
            }
            keys.add(r.body());
        }
        String key = clientKeyOf(reaction);
        assertNotEquals(null, key);
        assertTrue(keys.stream().noneMatch(b -> b.contains(key)), "no client key in a payload");
        for (String personal : List.of("anna.visser@example.nl", "Anna Visser", "Streekweg", key)) {
            assertTrue(PersonalData.whereFound(personal).stream().noneMatch(c -> c.startsWith("webhook_")),
                    personal + " in a webhook table");
        }

        // the independent check: the reference library verifies every delivery, and signs the published vector
        StandardWebhooksNode.Verdicts verdicts = StandardWebhooksNode.verify(got, Collections.nCopies(got.size(),
                secret));
        assertEquals(SignaturesTest.VECTOR_SIGNATURE, verdicts.vector());
        for (JsonNode verdict : verdicts.results()) {
            assertTrue(verdict.get("ok").asBoolean(), verdict.toString());
        }
        // and a delivery whose body was changed on the way is refused by it
        Receiver.Received first = got.get(0);
        Receiver.Received tampered = new Receiver.Received(first.path(), first.id(), first.timestamp(),
                first.signature(), first.host(), first.body().replace("stede-broec", "enkhuizen"));
        assertFalse(StandardWebhooksNode.verify(List.of(tampered), List.of(secret)).results().get(0).get("ok")
                .asBoolean());
    }

    private static String clientKeyOf(String reaction) {
        try (var connection = java.sql.DriverManager.getConnection(nl.sed.samen.testsupport.PostgresResource.jdbcUrl());
             var statement = connection.prepareStatement("select client_key from reaction where id = ?::uuid")) {
            statement.setString(1, reaction);
            try (var result = statement.executeQuery()) {
                return result.next() ? result.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheSameWebhookIdThreeTimes() {
        Map<String, Object> subscription = subscribe("/flaky", "[\"poll.closed\"]");
        Object id = subscription.get("id");
        receiver.answer("/flaky", 500, 503);
        String delivery = testEvent(id);
        sender.sendDue();
        retryNow(id);
        retryNow(id);
        List<Receiver.Received> got = receiver.at("/flaky");
        assertEquals(3, got.size());
        for (Receiver.Received r : got) {
            assertEquals(delivery, r.id(), "the same webhook-id on every attempt");
            assertEquals(got.get(0).body(), r.body(), "the same body on every attempt");
        }
        Api.as(admin).when().get("/tenants/{t}/webhooks/{id}/attempts", TENANT, id).then().statusCode(200)
                .body("items.size()", equalTo(3))
                .body("items[0].statusCode", equalTo(204)).body("items[0].attempt", equalTo(3))
                .body("items[0].deliveryStatus", equalTo("delivered"))
                .body("items[1].statusCode", equalTo(503)).body("items[2].statusCode", equalTo(500))
                .body("items[2].responseExcerpt", equalTo("{\"error\":\"not now\"}"))
                .body("items[0].deliveryId", equalTo(delivery)).body("items[0].eventType", equalTo("webhook.test"))
                .body("items[0].durationMillis", notNullValue());
        Api.as(admin).when().get("/tenants/{t}/webhooks/{id}", TENANT, id).then().statusCode(200)
                .body("consecutiveFailures", equalTo(0)).body("secret", nullValue());

        // redeliver: once more, the same id and body
        Api.as(admin).when().post("/tenants/{t}/webhooks/{id}/deliveries/{d}/redeliveries", TENANT, id, delivery)
                .then().statusCode(202).body("deliveryId", equalTo(delivery));
        sender.sendDue();
        assertEquals(4, receiver.at("/flaky").size());
        assertEquals(delivery, receiver.at("/flaky").get(3).id());
        Api.as(admin).when().get("/tenants/{t}/webhooks/{id}/attempts?limit=2", TENANT, id).then().statusCode(200)
                .body("items.size()", equalTo(2)).body("next", notNullValue());
        Api.as(admin).when().post("/tenants/{t}/webhooks/{id}/deliveries/{d}/redeliveries", TENANT, id,
                java.util.UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aSubscriptionIsDisabledAfterFailuresInARowAndTheAuditLogSaysSo() {
        Map<String, Object> subscription = subscribe("/down", "[\"poll.closed\"]");
        Object id = subscription.get("id");
        receiver.answer("/down", 500, 500, 500, 500, 500);
        testEvent(id);
        sender.sendDue();
        for (int i = 0; i < 6; i++) {
            retryNow(id);
        }
        assertEquals(5, receiver.at("/down").size(), "disable-after is 5 in the test profile; then nothing is sent");
        Api.as(admin).when().get("/tenants/{t}/webhooks/{id}", TENANT, id).then().statusCode(200)
                .body("active", equalTo(false)).body("consecutiveFailures", equalTo(5))
                .body("disabledAt", notNullValue());
        Api.as(admin).queryParam("action", "webhook.disabled").queryParam("entityId", id)
                .when().get("/tenants/{t}/audit-events", TENANT).then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].actor", equalTo("samen:webhooks"))
                .body("items[0].after.reason", equalTo("5 failed attempts in a row"));
        Api.as(admin).when().post("/tenants/{t}/webhooks/{id}/test-events", TENANT, id).then().statusCode(409);

        // an admin turns it on again: the count starts afresh and the pending delivery goes out
        Api.as(admin).body(Map.of("active", true)).when().patch("/tenants/{t}/webhooks/{id}", TENANT, id).then()
                .statusCode(200).body("active", equalTo(true)).body("consecutiveFailures", equalTo(0))
                .body("disabledAt", nullValue());
        retryNow(id);
        assertEquals(6, receiver.at("/down").size());
        Api.as(admin).when().get("/tenants/{t}/webhooks/{id}/attempts", TENANT, id).then()
                .body("items[0].deliveryStatus", equalTo("delivered"));
    }

    @Test
    void aRotatedSecretAndThePreviousOneBothSignDuringTheOverlapThenOnlyTheNewOne() throws Exception {
        Map<String, Object> subscription = subscribe("/rotate", "[\"poll.closed\"]");
        Object id = subscription.get("id");
        String first = (String) subscription.get("secret");
        String second = Api.as(admin).when().post("/tenants/{t}/webhooks/{id}/secret-rotations", TENANT, id).then()
                .statusCode(200).header("Cache-Control", "no-store").body("previousSecretUntil", notNullValue())
                .extract().path("secret");
        assertNotEquals(first, second);
        testEvent(id);
        sender.sendDue();
        Receiver.Received during = receiver.at("/rotate").get(0);
        assertEquals(2, during.signature().split(" ").length);
        StandardWebhooksNode.Verdicts overlap = StandardWebhooksNode.verify(List.of(during, during),
                List.of(first, second));
        assertTrue(overlap.results().get(0).get("ok").asBoolean(), "the old secret still verifies");
        assertTrue(overlap.results().get(1).get("ok").asBoolean(), "the new one does already");

        String third = Api.as(admin).body(Map.of("overlapMinutes", 0))
                .when().post("/tenants/{t}/webhooks/{id}/secret-rotations", TENANT, id).then().statusCode(200)
                .body("previousSecretUntil", nullValue()).extract().path("secret");
        testEvent(id);
        sender.sendDue();
        Receiver.Received after = receiver.at("/rotate").get(1);
        assertEquals(1, after.signature().split(" ").length);
        StandardWebhooksNode.Verdicts verdicts = StandardWebhooksNode.verify(List.of(after, after),
                List.of(third, second));
        assertTrue(verdicts.results().get(0).get("ok").asBoolean());
        assertFalse(verdicts.results().get(1).get("ok").asBoolean(), "a secret rotated away without overlap is dead");

        String audit = Api.as(admin).queryParam("action", "webhook.*").queryParam("entityId", id)
                .when().get("/tenants/{t}/audit-events", TENANT).then().statusCode(200)
                .body("items.action", hasItem("webhook.secret-rotated")).body("items.action", hasItem("webhook.created"))
                .extract().asString();
        for (String secret : List.of(first, second, third)) {
            assertFalse(audit.contains(secret.substring(6)), "no secret in the audit log");
        }
        Api.as(Tokens.admin(TENANT)).body("{\"overlapMinutes\":10081}")
                .when().post("/tenants/{t}/webhooks/{id}/secret-rotations", TENANT, id).then().statusCode(400);
    }

    /**
     * "Two instances deliver each event once": two delivery runs at once against the one database, as two instances
     * would run them (both claim with FOR UPDATE SKIP LOCKED); every event reaches the receiver exactly once.
     */
    @Test
    void twoConcurrentSendersDeliverEachEventOnce() throws Exception {
        Object id = subscribe("/twice", "[\"poll.closed\"]").get("id");
        Set<String> queued = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            queued.add(testEvent(id));
        }
        List<CompletableFuture<Integer>> senders = List.of(CompletableFuture.supplyAsync(sender::sendDue),
                CompletableFuture.supplyAsync(sender::sendDue));
        int delivered = 0;
        for (CompletableFuture<Integer> s : senders) {
            delivered += s.get();
        }
        sender.sendDue();
        List<Receiver.Received> got = receiver.at("/twice");
        assertEquals(20, got.size(), "each once");
        Set<String> ids = new HashSet<>();
        got.forEach(r -> ids.add(r.id()));
        assertEquals(queued, ids);
        assertTrue(delivered <= 20);
        assertEquals(0, Database.count("select count(*) from webhook_delivery where subscription_id = '" + id
                + "' and status <> 'DELIVERED'"));
    }

    @Test
    void aPollThatClosesByItsClockIsReportedOnceWithItsResults() {
        Object id = subscribe("/clock", "[\"poll.opened\",\"poll.closed\"]").get("id");
        Map<String, Object> poll = Polls.open(TENANT, Map.of());
        String pollId = (String) poll.get("id");
        Database.execute("update poll set closes_at = now() - interval '1 second' where id = '" + pollId + "'");
        // other tests' polls may be due too: look until nothing more is found, then once more
        for (int i = 0; i < 50 && events.detectByTime() > 0; i++) {
            // each run records up to a batch per kind
        }
        events.detectByTime();
        // an editor closing it now changes nothing: it is closed already
        Api.as(Tokens.editor(TENANT)).body(Map.of("status", "closed")).when()
                .patch("/tenants/{t}/polls/{id}", TENANT, pollId).then().statusCode(200);
        sender.sendDue();
        List<String> types = new ArrayList<>();
        for (Receiver.Received r : receiver.at("/clock")) {
            JsonNode body = parse(r.body());
            if (pollId.equals(body.at("/data/poll/id").asText())) {
                types.add(body.get("type").asText());
                if (body.get("type").asText().equals("poll.closed")) {
                    assertEquals("closed", body.at("/data/poll/status").asText());
                    assertEquals(0, body.at("/data/poll/totalVotes").asLong());
                }
            }
        }
        Collections.sort(types);
        assertEquals(List.of("poll.closed", "poll.opened"), types);
        assertEquals(1, Database.count("select count(*) from webhook_delivery where subscription_id = '" + id
                + "' and event_type = 'poll.closed' and body like '%" + pollId + "%'"), "recorded once, however "
                + "often it is looked for");
        assertEquals(1, Database.count("select count(*) from webhook_transition where entity_id = '" + pollId
                + "' and event_type = 'poll.closed'"));
    }

    @Test
    void subscriptionsAreForAdminsOfTheTenantAndInputIsChecked() {
        String body = "{\"url\":\"" + receiver.url("/admin") + "\",\"eventTypes\":[\"poll.closed\"]}";
        Api.anonymous().body(body).when().post("/tenants/{t}/webhooks", TENANT).then().statusCode(401)
                .contentType("application/problem+json");
        Api.as(Tokens.editor(TENANT)).body(body).when().post("/tenants/{t}/webhooks", TENANT).then().statusCode(403);
        Api.as(Tokens.admin("enkhuizen")).body(body).when().post("/tenants/{t}/webhooks", TENANT).then()
                .statusCode(403);
        Api.as(Tokens.editor(TENANT)).when().get("/tenants/{t}/webhooks", TENANT).then().statusCode(403);
        Api.anonymous().when().get("/tenants/{t}/webhooks", TENANT).then().statusCode(401);

        Map<String, Object> created = subscribe("/admin", "[\"poll.closed\",\"reaction.published\"]");
        Object id = created.get("id");
        Api.as(admin).when().get("/tenants/{t}/webhooks", TENANT).then().statusCode(200)
                .body("items.id", hasItem(id)).body("items[0].secret", nullValue());
        Api.as(Tokens.admin("*")).when().get("/tenants/{t}/webhooks/{id}", "enkhuizen", id).then().statusCode(404);
        Api.as(Tokens.admin("*")).body(Map.of("active", false))
                .when().patch("/tenants/{t}/webhooks/{id}", "enkhuizen", id).then().statusCode(404);
        Api.as(Tokens.admin("*")).when().delete("/tenants/{t}/webhooks/{id}", "enkhuizen", id).then().statusCode(404);
        Api.as(admin).when().get("/tenants/{t}/webhooks/{id}", TENANT, "not-a-uuid").then().statusCode(400);
        Api.as(admin).when().get("/tenants/{t}/webhooks/{id}", TENANT, java.util.UUID.randomUUID()).then()
                .statusCode(404);

        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{\"url\":", "malformed JSON");
        bad.put("{\"eventTypes\":[\"poll.closed\"]}", "url");
        bad.put("{\"url\":\"" + receiver.url("/x") + "\"}", "eventTypes");
        bad.put("{\"url\":\"" + receiver.url("/x") + "\",\"eventTypes\":[]}", "eventTypes");
        bad.put("{\"url\":\"" + receiver.url("/x") + "\",\"eventTypes\":[\"poll.deleted\"]}", "eventTypes[0]");
        bad.put("{\"url\":\"" + receiver.url("/x") + "\",\"eventTypes\":[\"webhook.test\"]}", "eventTypes[0]");
        bad.put("{\"url\":\"" + receiver.url("/x") + "\",\"eventTypes\":\"poll.closed\"}", "eventTypes");
        bad.put("{\"url\":\"" + receiver.url("/x") + "\",\"eventTypes\":[\"poll.closed\",\"poll.closed\"]}",
                "eventTypes");
        bad.put("{\"url\":\"" + receiver.url("/x") + "\",\"eventTypes\":[\"poll.closed\"],\"secret\":\"mine\"}",
                "secret");
        bad.put("{\"url\":\"" + receiver.url("/x") + "\",\"eventTypes\":[\"poll.closed\"],\"active\":\"yes\"}",
                "active");
        bad.put("{\"url\":\"" + receiver.url("/x") + "\",\"eventTypes\":[\"poll.closed\"],\"description\":\"a\\u0000b\"}",
                "description");
        bad.put("{\"url\":\"" + receiver.url("/x") + "\",\"eventTypes\":[\"poll.closed\"],\"description\":\""
                + "x".repeat(201) + "\"}", "description");
        bad.put("{\"url\":\"" + receiver.url("/" + "x".repeat(2000)) + "\",\"eventTypes\":[\"poll.closed\"]}", "url");
        bad.put("{\"url\":\"ftp://localhost/x\",\"eventTypes\":[\"poll.closed\"]}", "url");
        bad.put("{\"url\":\"http://nobody:secret@localhost/x\",\"eventTypes\":[\"poll.closed\"]}", "url");
        for (String address : List.of("127.0.0.2", "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "224.0.0.1", "[fc00::1]", "[fd00:ec2::254]", "[fe80::1]", "0.0.0.0")) {
            bad.put("{\"url\":\"http://" + address + "/hook\",\"eventTypes\":[\"poll.closed\"]}", "url");
        }
        bad.forEach((json, field) -> {
            var response = Api.as(admin).body(json).when().post("/tenants/{t}/webhooks", TENANT).then()
                    .statusCode(400).contentType("application/problem+json");
            if (!field.equals("malformed JSON")) {
                response.body("errors[0].field", equalTo(field));
            }
        });
        Api.as(admin).body("{\"url\":\"http://169.254.169.254/latest\",\"eventTypes\":[\"poll.closed\"]}")
                .when().post("/tenants/{t}/webhooks", TENANT).then().statusCode(400)
                .body("errors[0].message", equalTo("resolves to a cloud metadata address, which webhooks may not reach"));
        Api.as(admin).body(Map.of("url", "http://10.1.1.1/x")).when().patch("/tenants/{t}/webhooks/{id}", TENANT, id)
                .then().statusCode(400).body("errors[0].field", equalTo("url"));
        Api.as(admin).body("{\"nothing\":1}").when().patch("/tenants/{t}/webhooks/{id}", TENANT, id)
                .then().statusCode(400);

        Api.as(admin).body(Map.of("description", "Nieuws op de site", "eventTypes", List.of("poll.opened")))
                .when().patch("/tenants/{t}/webhooks/{id}", TENANT, id).then().statusCode(200)
                .body("description", equalTo("Nieuws op de site")).body("eventTypes", equalTo(List.of("poll.opened")));
        Api.as(admin).when().delete("/tenants/{t}/webhooks/{id}", TENANT, id).then().statusCode(204);
        Api.as(admin).when().get("/tenants/{t}/webhooks/{id}", TENANT, id).then().statusCode(404);
        Api.as(admin).queryParam("entityId", id).when().get("/tenants/{t}/audit-events", TENANT).then()
                .statusCode(200).body("items.action", hasItem("webhook.created"))
                .body("items.action", hasItem("webhook.updated")).body("items.action", hasItem("webhook.deleted"));
    }
}
