package nl.sed.samen.hostile;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.RestAssured;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import nl.sed.samen.reaction.AddressKeys;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.Polls;
import nl.sed.samen.testsupport.PostgresResource;
import nl.sed.samen.testsupport.Reactions;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Issue #8, hostile input: a deterministic corpus of thousands of malformed and adversarial requests (broken JSON, deep
 * nesting, huge numbers, wrong types for every field, control characters, invalid UTF-8, overlong strings, unknown and
 * duplicate fields, path tricks, header and query abuse, forged tokens) against every public and official endpoint of the
 * contract, sent byte for byte over a plain socket. Every answer must be below 500, and every error an RFC 9457
 * {@code application/problem+json} document with {@code status}, {@code title} and {@code detail} that does not echo
 * the rejected value. The test reports every offending request at once; {@code target/hostile-input-report.txt} lists
 * every request with its answer.
 */
@QuarkusTest
class HostileInputTest {

    @Inject
    AddressKeys addressKeys;

    private static final String TENANT = "enkhuizen";
    private static final String OTHER_TENANT = "drechterland";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPORT = Path.of("target", "hostile-input-report.txt");

    @Test
    void noHostileRequestGetsA5xxOrAnErrorThatIsNotAProblem() throws Exception {
        int port = RestAssured.port; // the test profile runs on a free port
        // the corpus carries this token in thousands of prepared requests: valid for as long as the corpus may run on
        // a loaded machine (an official's token lives 10 minutes), so a control request never meets an expired one
        String admin = Tokens.sign(Tokens.claims("official-x-admin", List.of("*"), "admin")
                .expiresIn(Duration.ofHours(2)));
        @SuppressWarnings("unchecked")
        Map<String, Object> tenantBefore = Api.as(admin).when().get("/tenants/{t}", TENANT)
                .then().statusCode(200).extract().as(Map.class);
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String field : List.of("allowedOrigins", "defaultModerationMode", "proofOfWorkRequired", "flagThreshold",
                "hideFlagged", "emailRetentionDays")) {
            settings.put(field, tenantBefore.get(field));
        }
        String published = Fixtures.project(TENANT, true);
        String consultation = Fixtures.openConsultation(TENANT, "post");
        Map<String, Object> poll = Polls.open(TENANT, Map.of("resultsVisibility", "always"));
        Map<String, Object> codePoll = Polls.open(TENANT, Map.of("votingMode", "code"));
        String draftPoll = Api.as(Tokens.editor(TENANT))
                .body(Map.of("question", "Concept?", "options", List.of(Map.of("label", "A"), Map.of("label", "B"))))
                .when().post("/tenants/{t}/consultations/{id}/polls", TENANT, consultation)
                .then().statusCode(201).extract().path("id");
        Map<String, String> reaction = Reactions.published(TENANT, consultation, "Een reactie om op te schieten.");
        Map<String, String> withdrawn = Reactions.published(TENANT, consultation, "Een reactie om in te trekken.");
        String closed = Fixtures.openConsultation(TENANT, "post");
        Api.as(Tokens.editor(TENANT)).body(Map.of("status", "closed"))
                .when().patch("/tenants/{t}/consultations/{id}", TENANT, closed).then().statusCode(200);
        HostileCorpus.Setting setting = new HostileCorpus.Setting(port, TENANT, OTHER_TENANT, admin, published,
                Fixtures.project(TENANT, false), consultation,
                Fixtures.draftConsultation(TENANT, published, Fixtures.manifest("Concept")),
                (String) poll.get("id"), Polls.optionId(poll, 0), draftPoll, (String) codePoll.get("id"),
                reaction.get("id"), reaction.get("receiptToken"), withdrawn.get("id"), withdrawn.get("receiptToken"),
                closed, Polls.voterToken(TENANT), Polls.voterToken(OTHER_TENANT), tokenVariants(), voterTokenVariants(),
                JSON.writeValueAsString(settings),
                // a real one-click link (as a mail would carry it), so the control request reaches the endpoint
                addressKeys.unsubscribeToken(TENANT, addressKeys.key(TENANT, "hostile-corpus@example.nl")),
                Api.as(admin).body("{\"url\":\"http://localhost:9/hostile\",\"eventTypes\":[\"poll.closed\"],"
                        + "\"active\":false}").when().post("/tenants/{t}/webhooks", TENANT).then().statusCode(201)
                        .extract().path("id"));

        HostileCorpus corpus = new HostileCorpus(setting);
        List<HostileRequest> requests = corpus.build();
        assertTrue(requests.size() >= 500, "the corpus has only " + requests.size() + " requests");

        RawHttp http = new RawHttp(port);
        ServiceLog log = new ServiceLog(Path.of("target", "quarkus-test.log"));
        Map<String, List<String[]>> offences = new LinkedHashMap<>();
        int offending = 0;
        List<String> report = new ArrayList<>();
        Map<String, Integer> histogram = new TreeMap<>();
        long started = System.nanoTime();
        try {
            for (HostileRequest request : requests) {
                long sent = System.nanoTime();
                RawHttp.Reply reply = http.exchange(request.toBytes(), request.isHead());
                long millis = (System.nanoTime() - sent) / 1_000_000;
                String offence = offence(request, reply);
                String logged = log.newErrors();
                if (offence == null && logged != null) {
                    // attributed to the request just answered (an error logged a moment late lands on the next one)
                    offence = "THE SERVICE LOGGED AN ERROR: " + logged;
                }
                String answer = answer(reply);
                histogram.merge(reply.error() != null ? "no response" : String.valueOf(reply.status()), 1,
                        Integer::sum);
                report.add(request.endpoint + " " + request.describe() + "\n    => (" + millis + " ms) " + answer
                        + (offence == null ? "" : "\n    !! " + offence));
                if (offence != null) {
                    offending++;
                    offences.computeIfAbsent(offence + " <- [" + request.mutation + "]", k -> new ArrayList<>())
                            .add(new String[] {request.endpoint, request.describe(), answer});
                }
            }
            Thread.sleep(1_000);
            String late = log.newErrors();
            if (late != null) {
                offending++;
                offences.computeIfAbsent("THE SERVICE LOGGED AN ERROR after the last request: " + late,
                        k -> new ArrayList<>()).add(new String[] {"-", "-", "-"});
            }
        } finally {
            http.close();
            // a fresh token: on a loaded machine the corpus can outlast the first one
            Api.as(Tokens.admin("*")).body(settings).when().patch("/tenants/{t}", TENANT).then().statusCode(200);
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        String summary = requests.size() + " hostile requests to " + corpus.endpoints().size() + " endpoints in "
                + seconds + " s; statuses " + histogram + "; " + offending + " offending, in " + offences.size()
                + " kinds";
        Files.createDirectories(REPORT.getParent());
        Files.write(REPORT, (summary + "\n\n" + String.join("\n", report) + "\n").getBytes(StandardCharsets.UTF_8));
        System.out.println("HostileInputTest: " + summary + " (every request in " + REPORT + ")");
        if (!offences.isEmpty()) {
            // one entry per kind of offence and mutation: the endpoints it happened on, and the first request in full
            List<String> kinds = new ArrayList<>();
            offences.forEach((kind, cases) -> kinds.add(kind + " on " + cases.size() + " endpoint(s): "
                    + cases.stream().map(c -> c[0]).distinct().reduce((a, b) -> a + ", " + b).orElse("")
                    + "\n      e.g. " + cases.get(0)[1] + "\n      => " + cases.get(0)[2]));
            fail(summary + ":\n  " + String.join("\n  ", kinds));
        }
    }

    /** The service's log file (%test.quarkus.log.file.path), read as it grows: the ERROR lines since the last look. */
    static final class ServiceLog {
        private final Path file;
        private long offset;

        ServiceLog(Path file) throws java.io.IOException {
            this.file = file;
            this.offset = Files.exists(file) ? Files.size(file) : 0;
        }

        /** The first new ERROR line (plain or JSON; abbreviated), or null when none was logged since the last call. */
        String newErrors() throws java.io.IOException {
            if (!Files.exists(file)) {
                return null;
            }
            long size = Files.size(file);
            if (size < offset) {
                offset = 0; // the file was started afresh
            }
            if (size == offset) {
                return null;
            }
            byte[] grown;
            try (java.io.RandomAccessFile in = new java.io.RandomAccessFile(file.toFile(), "r")) {
                in.seek(offset);
                grown = new byte[(int) Math.min(size - offset, 8 * 1024 * 1024)];
                in.readFully(grown);
            }
            offset = size;
            return new String(grown, StandardCharsets.UTF_8).lines().filter(l -> l.contains(" ERROR ") || l.contains("\"level\":\"ERROR\""))
                    .map(l -> HostileRequest.abbreviate(l, 300)).findFirst().orElse(null);
        }
    }

    private static final java.util.Set<Integer> HTTP_LAYER = java.util.Set.of(400, 404, 413, 414, 431);

    /** Why this answer is not acceptable, or null when it is. */
    static String offence(HostileRequest request, RawHttp.Reply reply) {
        if (reply.error() != null) {
            return "NO HTTP RESPONSE (" + reply.error() + ")";
        }
        int status = reply.status();
        if (request.mutation.equals("control") && status >= 400) {
            return "CONTROL REQUEST FAILED " + status + " (the corpus would not reach the input validation)";
        }
        if (status >= 500) {
            return "5xx: " + status;
        }
        if (status < 400) {
            return null;
        }
        String type = reply.header("Content-Type");
        // Requests the HTTP codec itself rejects (malformed request line or escapes, header abuse, targets over 8 KiB,
        // chunked bodies past the limit) are answered with a bare status before any route or application code runs:
        // no body, nothing echoed. They are accepted here only in exactly that form.
        if (type == null && reply.bodyText().isEmpty() && HTTP_LAYER.contains(status)) {
            return null;
        }
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
            return "NOT PROBLEM+JSON: " + status + " with Content-Type " + type;
        }
        if (request.isHead()) {
            return null;
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(reply.body());
        } catch (Exception e) {
            return "PROBLEM BODY IS NOT JSON: " + status;
        }
        if (problem == null || !problem.isObject() || !problem.path("status").isInt()
                || problem.path("status").asInt() != status || problem.path("title").asText("").isBlank()
                || problem.path("detail").asText("").isBlank()) {
            return "PROBLEM WITHOUT status/title/detail: " + status;
        }
        if (request.checkEcho && reply.bodyText().contains(HostileCorpus.CANARY)) {
            return "ERROR ECHOES THE REJECTED VALUE: " + status;
        }
        return null;
    }

    private static String answer(RawHttp.Reply reply) {
        if (reply.error() != null) {
            return reply.error();
        }
        return reply.status() + " " + reply.header("Content-Type") + " "
                + HostileRequest.abbreviate(reply.bodyText().replaceAll("\\s+", " "), 220);
    }

    // ---- officials' tokens that are wrong in every way a token can be -----------------------------------------------------

    private static Map<String, String> tokenVariants() throws Exception {
        PrivateKey key = privateKey();
        Map<String, String> tokens = new LinkedHashMap<>();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String payload = b64.encodeToString(("{\"iss\":\"" + Tokens.ISSUER + "\",\"aud\":\"" + Tokens.AUDIENCE
                + "\",\"sub\":\"mallory\",\"groups\":[\"admin\"],\"tenants\":[\"*\"],\"exp\":"
                + (Instant.now().getEpochSecond() + 600) + "}").getBytes(StandardCharsets.UTF_8));
        String none = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        tokens.put("alg none", none + "." + payload + ".");
        tokens.put("alg none, no dot", none + "." + payload);
        String hs = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(publicKeyPem(), "HmacSHA256"));
        tokens.put("HS256 keyed with the public key", hs + "." + payload + "." + b64.encodeToString(
                mac.doFinal((hs + "." + payload).getBytes(StandardCharsets.US_ASCII))));
        tokens.put("garbage header", b64.encodeToString("{\"alg\":".getBytes(StandardCharsets.UTF_8)) + "." + payload
                + ".c2ln");
        tokens.put("expired", admin().expiresAt(Instant.now().minusSeconds(3600).getEpochSecond()).sign(key));
        tokens.put("issued in the future", admin().issuedAt(Instant.now().plusSeconds(86_400).getEpochSecond())
                .sign(key));
        tokens.put("wrong issuer", admin().issuer("https://evil.example/issuer").sign(key));
        tokens.put("wrong audience", admin().audience("someone-else").sign(key));
        tokens.put("other key", Tokens.signWithOtherKey(admin()));
        tokens.put("tenants claim a number", admin().claim("tenants", 42).sign(key));
        tokens.put("tenants claim an object", admin().claim("tenants", Map.of("a", "b")).sign(key));
        tokens.put("tenants claim upper case", admin().claim("tenants", List.of("ENKHUIZEN")).sign(key));
        tokens.put("groups claim a string", admin().claim("groups", "admin").sign(key));
        tokens.put("groups claim case tricks", admin().claim("groups", List.of("ADMIN", " admin", "admin\u0000")).sign(key));
        tokens.put("no sub", Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).groups(Set.of("admin"))
                .claim("tenants", List.of("*")).expiresIn(Duration.ofMinutes(10)).sign(key));
        tokens.put("sub of 5000 characters", Tokens.claims("s".repeat(5000), List.of("*"), "admin").sign(key));
        tokens.put("sub with control characters", Tokens.claims("evil\u0000\u001b[31m", List.of("*"), "admin")
                .sign(key));
        tokens.put("claim of 12000 characters", admin().claim("pad", "p".repeat(12_000)).sign(key));
        tokens.put("kid path traversal", admin().jws().keyId("../../../../dev/null").sign(key));
        tokens.put("kid URL", admin().jws().keyId("http://attacker.example/jwks").header("jku",
                "http://attacker.example/jwks").sign(key));
        tokens.put("crit header", admin().jws().header("crit", List.of("exp")).sign(key));
        return tokens;
    }

    private static JwtClaimsBuilder admin() {
        return Tokens.claims("hostile-admin", List.of("*"), "admin");
    }

    private static PrivateKey privateKey() throws Exception {
        try (InputStream in = HostileInputTest.class.getClassLoader().getResourceAsStream("test-keys/private-key.pem")) {
            return KeyUtils.decodePrivateKey(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static byte[] publicKeyPem() throws Exception {
        try (InputStream in = HostileInputTest.class.getClassLoader().getResourceAsStream("test-keys/public-key.pem")) {
            return in.readAllBytes();
        }
    }

    // ---- voter tokens: malformed ones, and well-signed ones with malformed contents ---------------------------------------

    /**
     * Voter tokens whose signature is valid (made with the service's own key, read from the test database) but whose
     * contents are not what the service issues: a resident cannot make these without the key, so an offence here means
     * the service trusts its own tokens' format blindly (defence in depth), not that a resident can break it.
     */
    private static Map<String, String> voterTokenVariants() throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>();
        String id = UUID.randomUUID().toString();
        long future = Instant.now().plusSeconds(3600).getEpochSecond();
        tokens.put("signed, expiry not a number", signedVoterToken("v1." + TENANT + "." + id + ".soon"));
        tokens.put("signed, expiry Long.MAX", signedVoterToken("v1." + TENANT + "." + id + "." + Long.MAX_VALUE));
        tokens.put("signed, expiry 20 digits", signedVoterToken("v1." + TENANT + "." + id + ".99999999999999999999"));
        tokens.put("signed, expired", signedVoterToken("v1." + TENANT + "." + id + ".1"));
        tokens.put("signed, five parts", signedVoterToken("v1." + TENANT + "." + id + "." + future + ".x"));
        tokens.put("signed, version 2", signedVoterToken("v2." + TENANT + "." + id + "." + future));
        tokens.put("signed, empty voter id", signedVoterToken("v1." + TENANT + ".." + future));
        tokens.put("signed, voter id with NUL", signedVoterToken("v1." + TENANT + ".a\u0000b." + future));
        tokens.put("signed, voter id of 300 characters", signedVoterToken("v1." + TENANT + "." + "v".repeat(300)
                + "." + future));
        return tokens;
    }

    private static String signedVoterToken(String payload) throws Exception {
        try (Connection connection = DriverManager.getConnection(PostgresResource.jdbcUrl());
             ResultSet key = connection.createStatement()
                     .executeQuery("select value from service_secret where name = 'voter-token-key'")) {
            key.next();
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String encoded = b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(1), "HmacSHA256"));
            return encoded + "." + b64.encodeToString(mac.doFinal(encoded.getBytes(StandardCharsets.US_ASCII)));
        }
    }

    @Test
    void aClientThatHangsUpMidBodyLeavesNoErrorInTheLog() throws Exception {
        Path log = Path.of("target", "quarkus-test.log");
        long before = Files.readString(log).split("Unexpected failure", -1).length;
        for (int i = 0; i < 5; i++) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", RestAssured.port)) {
                socket.getOutputStream().write(("POST /api/v1/tenants/enkhuizen/polls/" + UUID.randomUUID()
                        + "/votes HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 4000\r\n\r\n{\"optionIds\": [").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                Thread.sleep(200); // the service is now waiting for the rest of the body
            }
        }
        Thread.sleep(1_000);
        long after = Files.readString(log).split("Unexpected failure", -1).length;
        assertTrue(after == before, "a client closing its connection is not a failure of the service");
        RestAssured.given().when().get("/api/v1/tenants").then().statusCode(200);
    }
}
