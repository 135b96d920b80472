package nl.sed.samen.live;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.EventStream;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.Polls;
import nl.sed.samen.testsupport.Reactions;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Live streams on one instance, fed through PostgreSQL's notifications like any other (the test instance hears its
 * own votes through LISTEN, not a shortcut). Across two instances: {@code LiveAcrossInstancesIT}.
 */
@QuarkusTest
class LiveResourceTest {

    private static final String TENANT = "drechterland";
    private static final Duration SOON = Duration.ofSeconds(2);
    private static final Duration QUIET = Duration.ofMillis(1200);

    static String live(String pollId) {
        return "/tenants/" + TENANT + "/polls/" + pollId + "/live";
    }

    static void vote(Map<String, Object> poll, String voterToken, int option) {
        Api.anonymous().header("Voter-Token", voterToken).body(Map.of("optionIds", List.of(Polls.optionId(poll, option))))
                .when().post("/tenants/{tenant}/polls/{id}/votes", TENANT, poll.get("id")).then().statusCode(201);
    }

    static long total(EventStream.Event event) {
        Object total = event.json().get("totalVotes");
        return total == null ? -1 : ((Number) total).longValue();
    }

    @Test
    void aVoteReachesTheWatchersOfAnAlwaysPollWithTheGetShape() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("resultsVisibility", "always"));
        String id = (String) poll.get("id");
        try (EventStream stream = EventStream.open(live(id))) {
            assertEquals(200, stream.status());
            assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            assertEquals("no", stream.headers().firstValue("X-Accel-Buffering").orElse(null));
            EventStream.Event first = stream.next(SOON);
            assertNotNull(first, "the current state at once");
            assertEquals("3000", stream.retry());
            assertEquals("results", first.name());
            assertNotNull(first.id());
            assertEquals(0, total(first));
            Map<String, Object> get = Api.anonymous().when().get("/tenants/{tenant}/polls/{id}", TENANT, id).then()
                    .statusCode(200).extract().as(Map.class);
            assertEquals(get, first.json(), "the same shape and values as the poll's GET");

            vote(poll, Polls.voterToken(TENANT), 1);
            EventStream.Event next = stream.next(SOON);
            assertNotNull(next, "the vote arrives within 2 s");
            assertEquals(1, total(next));
            assertNotEquals(first.id(), next.id());
        }
    }

    @Test
    void aBallotThatDoesNotCountSendsNothing() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("resultsVisibility", "always", "votingMode", "code"));
        String id = (String) poll.get("id");
        List<String> codes = Api.as(Tokens.editor(TENANT)).body(Map.of("count", 1))
                .when().post("/tenants/{tenant}/polls/{id}/voting-codes", TENANT, id)
                .then().statusCode(201).extract().path("codes");
        String path = "/tenants/{tenant}/polls/{id}/votes";
        Map<String, Object> ballot = Map.of("optionIds", List.of(Polls.optionId(poll, 0)), "code", codes.get(0));
        try (EventStream stream = EventStream.open(live(id))) {
            assertEquals(0, total(stream.next(SOON)));
            Api.anonymous().body(ballot).when().post(path, TENANT, id).then().statusCode(201);
            assertEquals(1, total(stream.next(SOON)));
            // the code again (409) and a code that is not valid (403): both transactions roll back
            Api.anonymous().body(ballot).when().post(path, TENANT, id).then().statusCode(409);
            Api.anonymous().body(Map.of("optionIds", List.of(Polls.optionId(poll, 1)), "code", "ZZZZZ-ZZZZZ"))
                    .when().post(path, TENANT, id).then().statusCode(403);
            assertNull(stream.next(QUIET), "no event for ballots that did not count");
        }
    }

    @Test
    void afterVoteShowsCountsOnlyToAVoterTokenThatVoted() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("resultsVisibility", "after-vote"));
        String id = (String) poll.get("id");
        String token = Polls.voterToken(TENANT);
        try (EventStream anonymous = EventStream.open(live(id));
             EventStream voter = EventStream.open(live(id), "Voter-Token", token);
             EventStream official = EventStream.open(live(id), "Authorization", "Bearer " + Tokens.editor(TENANT))) {
            EventStream.Event seen = anonymous.next(SOON);
            assertEquals(false, seen.json().get("resultsVisible"));
            EventStream.Event before = voter.next(SOON);
            assertEquals(false, before.json().get("resultsVisible"));
            assertEquals(false, before.json().get("hasVoted"));
            assertEquals(0, total(official.next(SOON)), "officials always see the counts");

            vote(poll, Polls.voterToken(TENANT), 0);
            assertEquals(1, total(official.next(SOON)));
            assertNull(anonymous.next(QUIET), "nothing the anonymous watcher may see changed");

            vote(poll, token, 2);
            EventStream.Event after = voter.next(SOON);
            assertNotNull(after, "the watcher's own vote shows it the results");
            assertEquals(true, after.json().get("hasVoted"));
            assertEquals(2, total(after));
            assertEquals(2, total(official.next(SOON)));
            assertNull(anonymous.next(QUIET));
        }
    }

    @Test
    void afterCloseStreamsOnlyStatusUntilTheCloseWhichEndsEveryStream() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("resultsVisibility", "after-close"));
        String id = (String) poll.get("id");
        String token = Polls.voterToken(TENANT);
        try (EventStream anonymous = EventStream.open(live(id));
             EventStream voter = EventStream.open(live(id), "Voter-Token", token)) {
            assertEquals(false, anonymous.next(SOON).json().get("resultsVisible"));
            assertEquals(false, voter.next(SOON).json().get("resultsVisible"));
            vote(poll, token, 1);
            EventStream.Event voted = voter.next(SOON);
            assertEquals(true, voted.json().get("hasVoted"), "the voter's own state changed");
            assertEquals(false, voted.json().get("resultsVisible"), "but no counts before the close");
            assertNull(anonymous.next(QUIET), "votes change nothing an after-close watcher may see");

            Api.as(Tokens.editor(TENANT)).body(Map.of("status", "closed"))
                    .when().patch("/tenants/{tenant}/polls/{id}", TENANT, id).then().statusCode(200);
            EventStream.Event closed = anonymous.next(SOON);
            assertEquals("closed", closed.name());
            assertEquals("closed", closed.json().get("status"));
            assertEquals(1, total(closed), "the final results");
            assertTrue(anonymous.endsWithin(SOON), "the stream ends with the poll");
            assertEquals("closed", voter.next(SOON).name());
            assertTrue(voter.endsWithin(SOON));
        }
        try (EventStream late = EventStream.open(live(id))) {
            EventStream.Event state = late.next(SOON);
            assertEquals("closed", state.name(), "a closed poll's stream gives the final state and ends");
            assertTrue(late.endsWithin(SOON));
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsTheCurrentStateAtOnce() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("resultsVisibility", "always"));
        String id = (String) poll.get("id");
        String lastId;
        try (EventStream stream = EventStream.open(live(id))) {
            lastId = stream.next(SOON).id();
        }
        vote(poll, Polls.voterToken(TENANT), 0);
        try (EventStream again = EventStream.open(live(id), "Last-Event-ID", lastId)) {
            EventStream.Event current = again.next(SOON);
            assertNotNull(current);
            assertEquals(1, total(current));
            assertNotEquals(lastId, current.id(), "a changed state has another id");
        }
        String unchanged;
        try (EventStream stream = EventStream.open(live(id))) {
            unchanged = stream.next(SOON).id();
        }
        try (EventStream again = EventStream.open(live(id), "Last-Event-ID", unchanged)) {
            assertEquals(unchanged, again.next(SOON).id(), "the same state, the same id");
        }
    }

    @Test
    void refusalsAreProblems() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of());
        String id = (String) poll.get("id");
        Api.anonymous().when().get("/tenants/{tenant}/polls/{id}/live", TENANT, "not-a-uuid").then().statusCode(400)
                .contentType("application/problem+json");
        Api.anonymous().when().get("/tenants/{tenant}/polls/{id}/live", "enkhuizen", id).then().statusCode(404);
        Api.anonymous().when().get("/tenants/{tenant}/polls/{id}/live", "nowhere", id).then().statusCode(404);
        Api.anonymous().header("Voter-Token", "forged.token").when()
                .get("/tenants/{tenant}/polls/{id}/live", TENANT, id).then().statusCode(401);
        String consultation = Fixtures.openConsultation(TENANT, "post");
        String draft = Api.as(Tokens.editor(TENANT)).body(Map.of("question", "Concept?",
                        "options", List.of(Map.of("label", "Ja"), Map.of("label", "Nee"))))
                .when().post("/tenants/{tenant}/consultations/{id}/polls", TENANT, consultation)
                .then().statusCode(201).extract().path("id");
        Api.anonymous().when().get("/tenants/{tenant}/polls/{id}/live", TENANT, draft).then().statusCode(404);
        try (EventStream official = EventStream.open(live(draft), "Authorization", "Bearer " + Tokens.editor(TENANT))) {
            assertEquals("draft", official.next(SOON).json().get("status"), "officials may watch a draft");
        }
    }

    @Test
    void limitsPerNetworkAndPerInstanceAreProblemsWithRetryAfter() throws InterruptedException {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("resultsVisibility", "always"));
        String path = live((String) poll.get("id"));
        Thread.sleep(600); // streams of earlier tests are freed on the next tick
        List<EventStream> open = new ArrayList<>();
        try {
            // %test: 4 per network, 6 per instance (application.properties)
            for (int i = 0; i < 4; i++) {
                open.add(EventStream.open(path, "X-Forwarded-For", "192.0.2.50"));
                assertEquals(200, open.get(i).status());
            }
            Api.anonymous().header("X-Forwarded-For", "192.0.2.50").when()
                    .get("/tenants/{tenant}/polls/{id}/live", TENANT, poll.get("id")).then().statusCode(429)
                    .contentType("application/problem+json").header("Retry-After", equalTo("10"));
            open.add(EventStream.open(path, "X-Forwarded-For", "192.0.2.51"));
            open.add(EventStream.open(path, "X-Forwarded-For", "192.0.2.52"));
            Api.anonymous().header("X-Forwarded-For", "192.0.2.53").when()
                    .get("/tenants/{tenant}/polls/{id}/live", TENANT, poll.get("id")).then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", equalTo("10"));
        } finally {
            open.forEach(EventStream::close);
        }
        Thread.sleep(600);
        try (EventStream again = EventStream.open(path, "X-Forwarded-For", "192.0.2.50")) {
            assertEquals(200, again.status(), "closed streams free their places");
        }
    }

    @Test
    void heartbeatsKeepAnIdleStreamAlive() throws InterruptedException {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("resultsVisibility", "always"));
        try (EventStream stream = EventStream.open(live((String) poll.get("id")))) {
            assertNotNull(stream.next(SOON));
            Thread.sleep(1500); // %test: a heartbeat every second
            assertTrue(stream.comments() > 0, "a comment line");
            assertFalse(stream.endsWithin(Duration.ofMillis(100)));
        }
    }

    @Test
    void theModerationDeskNeedsTheRoleAndSeesANewPendingReaction() {
        String path = "/tenants/{tenant}/moderation/live";
        Api.anonymous().when().get(path, TENANT).then().statusCode(401).contentType("application/problem+json");
        Api.as(Tokens.editor(TENANT)).when().get(path, TENANT).then().statusCode(403);
        Api.as(Tokens.moderator("enkhuizen")).when().get(path, TENANT).then().statusCode(403);
        Api.as(Tokens.moderator(TENANT)).when().get(path, "nowhere").then().statusCode(404);

        String consultation = Fixtures.openConsultation(TENANT, "pre");
        String moderator = Tokens.moderator(TENANT);
        try (EventStream desk = EventStream.open("/tenants/" + TENANT + "/moderation/live",
                "Authorization", "Bearer " + moderator)) {
            assertEquals(200, desk.status());
            EventStream.Event snapshot = desk.next(SOON);
            assertEquals("queues", snapshot.name());
            assertEquals(true, snapshot.json().get("snapshot"));
            long pendingBefore = count(snapshot, "pending");

            String id = Reactions.submit(TENANT, consultation, Map.of("body", "Graag een zebrapad bij de school."),
                    202).path("id");
            EventStream.Event entered = desk.next(SOON);
            assertNotNull(entered, "the new pending reaction within 2 s");
            assertEquals(false, entered.json().get("snapshot"));
            assertEquals(pendingBefore + 1, count(entered, "pending"));
            assertEquals(List.of(id), queue(entered, "pending").get("entered"));

            Api.as(moderator).body(Map.of("decision", "approve", "reason", "Binnen de spelregels"))
                    .when().post("/tenants/{tenant}/reactions/{id}/moderation", TENANT, id).then().statusCode(200);
            EventStream.Event left = desk.next(SOON);
            assertEquals(pendingBefore, count(left, "pending"));
            assertEquals(List.of(id), queue(left, "pending").get("left"));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> queue(EventStream.Event event, String name) {
        return (Map<String, Object>) event.json().get(name);
    }

    private static long count(EventStream.Event event, String name) {
        return ((Number) queue(event, name).get("count")).longValue();
    }
}
