package nl.sed.samen.defence;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No trusted proxy configured while a proxy on a private address forwards: one warning, and no address in it. */
@QuarkusTest
@TestProfile(ProxyWarningTest.NoTrustedProxy.class)
class ProxyWarningTest {

    private static final String WARNING = "Requests arrive from a private network address with X-Forwarded-For, "
            + "but no trusted proxy is configured";

    public static class NoTrustedProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("samen.trusted-proxies", "");
        }
    }

    @Test
    void warnedOnceAtWarnLevelWithoutTheAddress() throws Exception {
        Path log = Path.of("target", "quarkus-test.log");
        long before = occurrences(log);
        for (int i = 0; i < 3; i++) {
            given().header("X-Forwarded-For", "203.0.113.9" + i).when().post("/api/v1/tenants/enkhuizen/voter-tokens")
                    .then().statusCode(201);
        }
        String logged = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(before + 1, occurrences(log), "logged once");
        String line = logged.lines().filter(l -> l.contains(WARNING)).reduce((a, b) -> b).orElseThrow();
        assertFalse(line.contains("ERROR"), line);
        assertFalse(line.contains("127.0.0.1") || line.contains("203.0.113."), "no address in the warning");
        assertEquals(true, line.contains("WARN"), line);
    }

    private static long occurrences(Path log) throws Exception {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains(WARNING)).count() : 0;
    }
}
