package nl.sed.samen.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.EventStream;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.Polls;
import nl.sed.samen.testsupport.Reactions;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two service instances (the packaged jar, twice) on one real PostgreSQL, as behind a load balancer: what goes in
 * through one instance reaches the live streams of the other through LISTEN/NOTIFY, also after the database restarted,
 * and an instance that is stopped ends its streams within its shutdown timeout.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveAcrossInstancesIT {

    private static final String TENANT = "stede-broec";
    private static final Duration WITHIN = Duration.ofSeconds(2);
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private static Path dataDirectory;
    private static int databasePort;
    private static EmbeddedPostgres postgres;
    private static Instance a;
    private static Instance b;

    /** One packaged service, started as a process. */
    record Instance(String name, int port, Process process, Path log) {

        static Instance start(String name, String... settings) throws Exception {
            int port = freePort();
            Path log = Path.of("target", "live-it-" + name + ".log");
            Files.deleteIfExists(log);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx256m", "-Dquarkus.http.port=" + port,
                    "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://localhost:" + databasePort + "/postgres",
                    "-Dquarkus.datasource.username=postgres", "-Dquarkus.datasource.password=postgres",
                    "-Dmp.jwt.verify.publickey.location="
                            + Path.of("src", "test", "resources", "test-keys", "public-key.pem").toAbsolutePath(),
                    "-Dmp.jwt.verify.issuer=" + Tokens.ISSUER,
                    "-Dsamen.rate-limits.votes.capacity=100000", "-Dsamen.rate-limits.voter-tokens.capacity=100000",
                    "-Dsamen.rate-limits.reactions.capacity=100000", "-Dsamen.reactions.repeat-window=PT0S",
                    "-Dquarkus.shutdown.timeout=20S",
                    // health and metrics live on the management interface: a free one per instance
                    "-Dquarkus.management.port=0"));
            for (String setting : settings) {
                command.add("-D" + setting);
            }
            command.addAll(List.of("-jar", JAR.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            Instance instance = new Instance(name, port, process, log);
            instance.awaitReady();
            return instance;
        }

        void awaitReady() throws Exception {
            HttpClient client = HttpClient.newHttpClient();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < until) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited; see " + log);
                }
                try {
                    HttpResponse<String> ready = client.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/api/v1/tenants")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (ready.statusCode() == 200) { // 503 while it waits for the database or migrates
                        return;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException(name + " did not become ready; see " + log);
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.exists(JAR), "package the service first (mvn verify runs this after the package phase)");
        dataDirectory = Files.createTempDirectory("samen-live-it");
        databasePort = freePort();
        postgres = database();
        a = Instance.start("a");
        b = Instance.start("b", "samen.live.max-streams=3", "samen.live.max-streams-per-client=2");
        RestAssured.port = a.port();
    }

    @AfterAll
    static void stop() throws Exception {
        for (Instance instance : new Instance[] {a, b}) {
            if (instance != null && instance.process().isAlive()) {
                instance.stop();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static EmbeddedPostgres database() throws IOException {
        return EmbeddedPostgres.builder().setPort(databasePort).setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false).start();
    }

    private static String live(String pollId) {
        return "/tenants/" + TENANT + "/polls/" + pollId + "/live";
    }

    private static void voteThrough(Instance instance, Map<String, Object> poll, int option) {
        String token = Api.anonymous().port(instance.port()).when().post("/tenants/{t}/voter-tokens", TENANT)
                .then().statusCode(201).extract().path("token");
        Api.anonymous().port(instance.port()).header("Voter-Token", token)
                .body(Map.of("optionIds", List.of(Polls.optionId(poll, option))))
                .when().post("/tenants/{t}/polls/{id}/votes", TENANT, poll.get("id")).then().statusCode(201);
    }

    private static long total(EventStream.Event event) {
        return ((Number) event.json().get("totalVotes")).longValue();
    }

    @Test
    @Order(1)
    void aVoteThroughOneInstanceReachesTheWatchersOfTheOther() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("resultsVisibility", "always"));
        try (EventStream watcherOfA = EventStream.open(a.port(), live((String) poll.get("id")));
             EventStream watcherOfB = EventStream.open(b.port(), live((String) poll.get("id")))) {
            assertEquals(0, total(watcherOfA.next(WITHIN)));
            assertEquals(0, total(watcherOfB.next(WITHIN)));
            voteThrough(b, poll, 0);
            // counted from the vote's 201 (its commit came before): the event may even be here already
            EventStream.Event seen = watcherOfA.next(WITHIN);
            assertNotNull(seen, "a vote through B reaches a watcher of A within 2 s");
            assertEquals(1, total(seen));
            assertEquals(1, total(watcherOfB.next(WITHIN)));
            voteThrough(a, poll, 1);
            assertEquals(2, total(watcherOfB.next(WITHIN)), "and the other way round");
            assertEquals(2, total(watcherOfA.next(WITHIN)));

            Api.as(Tokens.editor(TENANT)).port(b.port()).body(Map.of("status", "closed"))
                    .when().patch("/tenants/{t}/polls/{id}", TENANT, poll.get("id")).then().statusCode(200);
            assertEquals("closed", watcherOfA.next(WITHIN).name(), "closing through B ends A's streams");
            assertTrue(watcherOfA.endsWithin(WITHIN));
        }
    }

    @Test
    @Order(2)
    void aReactionThroughOneInstanceReachesTheDeskOnTheOther() {
        String consultation = Fixtures.openConsultation(TENANT, "pre");
        try (EventStream desk = EventStream.open(a.port(), "/tenants/" + TENANT + "/moderation/live",
                "Authorization", "Bearer " + Tokens.moderator(TENANT))) {
            assertEquals(true, desk.next(WITHIN).json().get("snapshot"));
            String id = Api.anonymous().port(b.port()).body(Map.of("body", "Een bankje bij de haven."))
                    .when().post("/tenants/{t}/consultations/{id}/reactions", TENANT, consultation)
                    .then().statusCode(202).extract().path("id");
            EventStream.Event event = desk.next(WITHIN);
            assertNotNull(event, "the pending reaction through B reaches the desk on A within 2 s");
            @SuppressWarnings("unchecked")
            Map<String, Object> pending = (Map<String, Object>) event.json().get("pending");
            assertEquals(List.of(id), pending.get("entered"));
        }
    }

    @Test
    @Order(3)
    void theLimitsOfAnInstanceAreItsOwn() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("resultsVisibility", "always"));
        String path = live((String) poll.get("id"));
        try (EventStream one = EventStream.open(b.port(), path);
             EventStream two = EventStream.open(b.port(), path);
             EventStream three = EventStream.open(b.port(), path);
             EventStream onA = EventStream.open(a.port(), path)) {
            assertEquals(200, one.status());
            assertEquals(200, two.status());
            assertEquals(429, three.status(), "B allows two per network");
            assertTrue(three.headers().firstValue("Retry-After").isPresent());
            assertTrue(three.body().contains("too-many-requests"));
            assertEquals(200, onA.status(), "A has its own");
        }
    }

    @Test
    @Order(4)
    void afterADatabaseRestartTheListenersHearAgain() throws Exception {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("resultsVisibility", "always"));
        try (EventStream watcher = EventStream.open(a.port(), live((String) poll.get("id")))) {
            assertEquals(0, total(watcher.next(WITHIN)));
            postgres.close();
            postgres = database();
            a.awaitReady();
            b.awaitReady();
            EventStream.Event event = null;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (event == null && System.nanoTime() < until) {
                try {
                    voteThrough(b, poll, 2);
                    event = watcher.next(Duration.ofSeconds(3));
                } catch (AssertionError notYet) {
                    Thread.sleep(500); // B's pool still reconnecting
                }
            }
            assertNotNull(event, "the stream opened before the restart hears votes after it");
        }
    }

    @Test
    @Order(5)
    void aStoppingInstanceEndsItsStreamsWithinItsShutdownTimeout() throws Exception {
        Map<String, Object> poll = Polls.open(TENANT, Map.of("resultsVisibility", "always"));
        try (EventStream watcher = EventStream.open(b.port(), live((String) poll.get("id")))) {
            assertNotNull(watcher.next(WITHIN));
            long stopping = System.nanoTime();
            b.process().destroy(); // SIGTERM, as Kubernetes sends it
            assertTrue(watcher.endsWithin(Duration.ofSeconds(10)), "the stream ends");
            assertTrue(b.process().waitFor(20, TimeUnit.SECONDS), "the instance stops within its shutdown timeout");
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopping);
            assertTrue(seconds < 15, "stopped in " + seconds + " s, not after the full timeout");
            assertTrue(b.process().exitValue() == 0 || b.process().exitValue() == 143, "a clean stop");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static {
        new File("target").mkdirs();
    }
}
