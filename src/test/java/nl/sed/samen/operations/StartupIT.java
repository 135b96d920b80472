package nl.sed.samen.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #12: the packaged service started as production starts it, as separate processes on a real PostgreSQL
 * (embedded binaries): while the database is not there yet, two instances at the same moment on an empty database, after
 * an instance died holding Liquibase's lock, and with the committed development key (refused). Runs in failsafe, after
 * the jar is packaged.
 */
class StartupIT {

    private static final Duration START = Duration.ofMinutes(4);
    private static Path publicKey;

    @BeforeAll
    static void keyPair() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        byte[] der = generator.generateKeyPair().getPublic().getEncoded();
        publicKey = Path.of("target", "startup-it-public-key.pem");
        Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n");
        assertTrue(Files.isRegularFile(ServiceProcess.JAR), "package the service first: " + ServiceProcess.JAR);
    }

    @Test
    void anInstanceStartedWhileTheDatabaseIsDownWaitsLiveButNotReadyThenMigratesAndServes() throws Exception {
        int dbPort = ServiceProcess.freePort();
        String url = "jdbc:postgresql://localhost:" + dbPort + "/postgres";
        try (ServiceProcess service = ServiceProcess.start("database-down", url, publicKey,
                Map.of("SAMEN_DATABASE_WAIT_INITIAL_DELAY", "500ms", "SAMEN_DATABASE_WAIT_MAX_DELAY", "2s"))) {
            assertTrue(service.awaitManagement(START), "the management port never answered: " + service.logText());
            HttpResponse<String> live = service.get("/q/health/live", false);
            assertEquals(200, live.statusCode(), live.body());
            HttpResponse<String> ready = service.get("/q/health/ready", false);
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("waiting for the database"), ready.body());
            HttpResponse<String> api = service.get("/api/v1/tenants", true);
            assertEquals(503, api.statusCode());
            assertEquals("5", api.headers().firstValue("Retry-After").orElse(null));
            assertTrue(api.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            Thread.sleep(4_000); // a few attempts
            assertNull(service.awaitExit(Duration.ZERO), "the instance gave up: " + service.logText());

            try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(dbPort).start()) {
                assertTrue(service.awaitReady(START), "not ready after the database came: " + service.logText());
                HttpResponse<String> tenants = service.get("/api/v1/tenants", true);
                assertEquals(200, tenants.statusCode());
                for (String slug : List.of("stede-broec", "enkhuizen", "drechterland")) {
                    assertTrue(tenants.body().contains("\"slug\":\"" + slug + "\""), tenants.body());
                }
                String log = service.logText();
                long attempts = log.lines().filter(l -> l.contains("Database not usable yet")).count();
                assertTrue(attempts >= 2, "one log line per attempt expected:\n" + log);
                assertTrue(log.contains("Database ready after"), log);
                assertNoErrorsOrStackTraces(log);
            }
        }
    }

    @Test
    void twoInstancesStartingAtOnceOnAnEmptyDatabaseBothBecomeReadyAndAStaleLiquibaseLockIsReleased()
            throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            try (ServiceProcess first = ServiceProcess.start("concurrent-1", url, publicKey, Map.of());
                 ServiceProcess second = ServiceProcess.start("concurrent-2", url, publicKey, Map.of())) {
                assertTrue(first.awaitReady(START), "instance 1 not ready: " + first.logText());
                assertTrue(second.awaitReady(START), "instance 2 not ready: " + second.logText());
                assertEquals(200, first.status("/api/v1/tenants", true));
                assertEquals(200, second.status("/api/v1/tenants", true));
                assertNoErrorsOrStackTraces(first.logText());
                assertNoErrorsOrStackTraces(second.logText());
            }
            try (Connection connection = DriverManager.getConnection(url); Statement sql = connection.createStatement()) {
                assertEquals(0, count(sql, "select count(*) - count(distinct (id, author, filename)) "
                        + "from databasechangelog"), "a change set ran twice");
                assertEquals(3, count(sql, "select count(*) from tenant"));
                // an instance killed mid-migration leaves Liquibase's lock taken
                sql.executeUpdate("update databasechangeloglock set locked = true, lockgranted = now(), "
                        + "lockedby = 'an instance killed mid-migration' where id = 1");
            }
            try (ServiceProcess third = ServiceProcess.start("stale-lock", url, publicKey, Map.of())) {
                assertTrue(third.awaitReady(START), "not ready with a stale lock: " + third.logText());
                assertTrue(third.logText().contains("Releasing Liquibase's lock, taken by an instance killed "
                        + "mid-migration"), third.logText());
            }
            try (Connection connection = DriverManager.getConnection(url); Statement sql = connection.createStatement()) {
                assertEquals(0, count(sql, "select count(*) from databasechangeloglock where locked"));
            }
        }
    }

    @Test
    void theProductionProfileRefusesTheCommittedDevelopmentKey() throws Exception {
        String nowhere = "jdbc:postgresql://localhost:" + ServiceProcess.freePort() + "/postgres";
        try (ServiceProcess service = ServiceProcess.start("development-key", nowhere,
                Path.of("dev", "jwt", "public-key.pem"), Map.of())) {
            Integer status = service.awaitExit(START);
            assertNotNull(status, "still running with the development key: " + service.logText());
            assertNotEquals(0, status);
            assertTrue(service.logText().contains("is the committed development key"), service.logText());
        }
        // and a key of its own is accepted: the same start gets as far as waiting for its database
        try (ServiceProcess service = ServiceProcess.start("own-key", nowhere, publicKey, Map.of())) {
            assertTrue(service.awaitManagement(START), service.logText());
            assertFalse(service.logText().contains("development key"), service.logText());
        }
    }

    private static void assertNoErrorsOrStackTraces(String log) {
        List<String> bad = log.lines().filter(l -> l.contains(" ERROR ") || l.startsWith("\tat ")
                || l.startsWith("Caused by:")).limit(20).toList();
        assertTrue(bad.isEmpty(), "errors or stack traces in the log:\n" + String.join("\n", bad));
    }

    private static long count(Statement sql, String query) throws Exception {
        try (ResultSet result = sql.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static void assertNull(Integer value, String message) {
        assertEquals(null, value, message);
    }
}
