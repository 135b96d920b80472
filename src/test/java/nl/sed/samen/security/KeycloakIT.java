package nl.sed.samen.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import nl.sed.samen.operations.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Samen against a real OpenID Connect provider: Keycloak (its distribution from Maven Central, unpacked by the build)
 * with the committed realm {@code deploy/keycloak/samen-realm.json}, on an embedded PostgreSQL. Tokens are obtained as an
 * API client obtains them (the password grant for officials, client credentials for automation) and used against the
 * packaged service configured as README "Officials' sign-in" says: each role's allowed and refused calls, a rotated
 * signing key, an expired token, a token for another audience. Runs in failsafe, after the jar is packaged.
 */
class KeycloakIT {

    private static final Duration KEYCLOAK_START = Duration.ofMinutes(6);
    private static final Duration SAMEN_START = Duration.ofMinutes(4);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TENANTS = List.of("enkhuizen", "stede-broec");

    private static EmbeddedPostgres postgres;
    private static Process keycloak;
    private static Path keycloakLog;
    private static String realm;
    private static ServiceProcess samen;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isRegularFile(ServiceProcess.JAR), "package the service first: " + ServiceProcess.JAR);
        Path home = Path.of(System.getProperty("keycloak.home", "target/keycloak/keycloak"));
        assertTrue(Files.isRegularFile(home.resolve("bin/kc.sh")), "Keycloak is not unpacked at " + home
                + " (the build unpacks org.keycloak:keycloak-quarkus-dist in pre-integration-test)");
        Path java = keycloakJava();

        postgres = EmbeddedPostgres.builder().start();
        try (Connection connection = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
             Statement sql = connection.createStatement()) {
            sql.execute("create database keycloak");
        }
        Path imports = home.resolve("data/import");
        Files.createDirectories(imports);
        Files.copy(Path.of("deploy/keycloak/samen-realm.json"), imports.resolve("samen-realm.json"),
                StandardCopyOption.REPLACE_EXISTING);
        int port = ServiceProcess.freePort();
        keycloakLog = Path.of("target", "process-keycloak.log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + ServiceProcess.freePort(),
                "--import-realm", "--db=postgres", "--db-url=" + postgres.getJdbcUrl("postgres", "keycloak")
                        .replaceAll("\\?.*", ""), "--db-username=postgres", "--db-password=postgres",
                "--cache=local", "--log-level=warn");
        builder.environment().put("JAVA_HOME", java.toString());
        builder.environment().put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin-for-tests-only");
        builder.redirectErrorStream(true).redirectOutput(keycloakLog.toFile());
        Instant started = Instant.now();
        keycloak = builder.start();
        realm = "http://127.0.0.1:" + port + "/realms/samen";
        awaitKeycloak();
        System.out.printf("Keycloak ready after %ds%n", Duration.between(started, Instant.now()).toSeconds());

        samen = ServiceProcess.start("keycloak", postgres.getJdbcUrl("postgres", "postgres"), Path.of("unused"),
                Map.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", realm + "/protocol/openid-connect/certs",
                        "MP_JWT_VERIFY_ISSUER", realm,
                        "SAMEN_OFFICIALS_ROLES_CLAIMS", "realm_access.roles",
                        // the expired token below is refused after a second, not after the default minute of
                        // skew (0 would mean that default)
                        "MP_JWT_VERIFY_CLOCK_SKEW", "1"));
        assertTrue(samen.awaitReady(SAMEN_START), "Samen not ready: " + samen.logText());
    }

    @AfterAll
    static void stop() throws Exception {
        if (samen != null) {
            samen.close();
        }
        if (keycloak != null) {
            keycloak.descendants().forEach(ProcessHandle::destroy); // kc.sh's java
            keycloak.destroy();
            if (!keycloak.waitFor(60, TimeUnit.SECONDS)) {
                keycloak.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void eachRoleMayDoItsWorkInItsTenantOnly() throws Exception {
        for (String tenant : TENANTS) {
            String other = TENANTS.get(1 - TENANTS.indexOf(tenant));
            String editor = password("samen-officials", "editor-" + tenant);
            String moderator = password("samen-officials", "moderator-" + tenant);
            String admin = password("samen-officials", "admin-" + tenant);

            assertEquals(201, createProject(editor, tenant));
            assertEquals(403, get(editor, "/tenants/" + tenant + "/moderation/reactions"));
            assertEquals(403, get(editor, "/tenants/" + tenant + "/audit-events"));
            assertEquals(403, createProject(editor, other));

            assertEquals(403, createProject(moderator, tenant));
            assertEquals(200, get(moderator, "/tenants/" + tenant + "/moderation/reactions"));
            assertEquals(403, get(moderator, "/tenants/" + other + "/moderation/reactions"));
            assertEquals(403, get(moderator, "/tenants/" + tenant + "/audit-events"));

            assertEquals(201, createProject(admin, tenant));
            assertEquals(200, get(admin, "/tenants/" + tenant + "/moderation/reactions"));
            assertEquals(200, get(admin, "/tenants/" + tenant + "/audit-events"));
            assertEquals(403, get(admin, "/tenants/" + other + "/audit-events"));
        }
        // roles per tenant: a moderator in Enkhuizen who edits in Stede Broec is no editor in Enkhuizen
        String both = password("samen-officials", "moderator-enkhuizen-editor-stede-broec");
        assertEquals(403, createProject(both, "enkhuizen"));
        assertEquals(201, createProject(both, "stede-broec"));
        assertEquals(200, get(both, "/tenants/enkhuizen/moderation/reactions"));
        assertEquals(403, get(both, "/tenants/stede-broec/moderation/reactions"));
        // a signed-in colleague without a Samen role is a resident
        String none = password("samen-officials", "no-role");
        assertEquals(403, createProject(none, "enkhuizen"));
        assertEquals(200, get(none, "/tenants/enkhuizen/projects"));
        assertEquals(401, createProject(null, "enkhuizen"));
    }

    @Test
    void automationSignsInWithClientCredentials() throws Exception {
        String token = token(Map.of("grant_type", "client_credentials", "client_id", "samen-automation",
                "client_secret", "samen-automation-secret-for-tests-only"));
        assertEquals(201, createProject(token, "enkhuizen"));
        assertEquals(403, createProject(token, "stede-broec"));
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        String token = password("another-api", "admin-enkhuizen");
        assertTrue(claims(token).path("aud").toString().contains("another-api"), claims(token).toString());
        assertEquals(401, createProject(token, "enkhuizen"));
        assertEquals(401, get(token, "/tenants/enkhuizen/projects"), "not even treated as a resident");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        String token = password("samen-short-lived", "editor-enkhuizen");
        long exp = claims(token).path("exp").asLong();
        assertEquals(201, createProject(token, "enkhuizen"));
        while (Instant.now().getEpochSecond() <= exp + 2) {
            Thread.sleep(250);
        }
        assertEquals(401, createProject(token, "enkhuizen"));
    }

    @Test
    void aRotatedSigningKeyIsUsedWithoutARestart() throws Exception {
        String before = password("samen-officials", "editor-enkhuizen");
        assertEquals(201, createProject(before, "enkhuizen"));
        // the realm administrator adds a new RSA key with a higher priority: Keycloak signs with it from now on
        String admin = token("http://" + URI.create(realm).getAuthority() + "/realms/master",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin",
                        "password", "admin-for-tests-only"));
        String component = JSON.writeValueAsString(Map.of("name", "rotated-" + System.nanoTime(),
                "providerId", "rsa-generated", "providerType", "org.keycloak.keys.KeyProvider", "parentId", "samen",
                "config", Map.of("priority", List.of("500"), "keySize", List.of("2048"))));
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(realm.replace("/realms/",
                        "/admin/realms/") + "/components")).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(component))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());

        String after = password("samen-officials", "editor-enkhuizen");
        assertNotEquals(header(before).path("kid").asText(), header(after).path("kid").asText(),
                "Keycloak did not sign with the new key");
        assertEquals(201, createProject(after, "enkhuizen"));
        assertEquals(201, createProject(before, "enkhuizen"), "the previous key is still published");
        assertNoErrors(samen.logText());
    }

    // --- the API client's side ---------------------------------------------------------------------------------------

    private static String password(String client, String user) throws Exception {
        return token(Map.of("grant_type", "password", "client_id", client, "username", user, "password", user,
                "scope", "openid"));
    }

    private static String token(Map<String, String> form) throws Exception {
        return token(realm, form);
    }

    private static String token(String realmUrl, Map<String, String> form) throws Exception {
        String body = new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(realmUrl
                        + "/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private static int createProject(String token, String tenant) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api("/tenants/" + tenant + "/projects"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Aangemeld via Keycloak\"}"));
        return send(token, request);
    }

    private static int get(String token, String path) throws Exception {
        return send(token, HttpRequest.newBuilder(api(path)).GET());
    }

    private static int send(String token, HttpRequest.Builder request) throws Exception {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                    response.statusCode() + " " + response.body());
        }
        return response.statusCode();
    }

    private static URI api(String path) {
        return URI.create("http://127.0.0.1:" + samen.port + "/api/v1" + path);
    }

    private static JsonNode claims(String token) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }

    private static JsonNode header(String token) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
    }

    private static void assertNoErrors(String log) {
        List<String> bad = log.lines().filter(l -> l.contains(" ERROR ") || l.startsWith("\tat ")).limit(20).toList();
        assertTrue(bad.isEmpty(), "errors or stack traces in Samen's log:\n" + String.join("\n", bad));
    }

    /** Keycloak needs Java 21 or later; the build's Java may be 17. */
    private static Path keycloakJava() {
        String configured = System.getProperty("keycloak.java.home", System.getenv("KEYCLOAK_JAVA_HOME"));
        List<Path> candidates = configured != null ? List.of(Path.of(configured))
                : List.of(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"), Path.of("/usr/lib/jvm/temurin-21-jdk-amd64"),
                        Path.of(System.getProperty("java.home")));
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate.resolve("bin/java")) && (candidate != candidates.get(candidates.size() - 1)
                    || Runtime.version().feature() >= 21)) {
                return candidate;
            }
        }
        // as the browser tests: a newcomer with only a JDK 17 is told and skips; CI (environment variable CI) fails
        String missing = "Keycloak needs Java 21+: set KEYCLOAK_JAVA_HOME (tried " + candidates + ")";
        if (System.getenv("CI") != null) {
            throw new IllegalStateException(missing);
        }
        Assumptions.abort("Skipping the Keycloak tests: " + missing);
        return null;
    }

    private static void awaitKeycloak() throws Exception {
        Instant deadline = Instant.now().plus(KEYCLOAK_START);
        URI discovery = URI.create(realm + "/.well-known/openid-configuration");
        while (Instant.now().isBefore(deadline)) {
            assertTrue(keycloak.isAlive(), "Keycloak ended: " + Files.readString(keycloakLog));
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(discovery)
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Keycloak not ready within " + KEYCLOAK_START + ": " + Files.readString(keycloakLog));
    }
}
