package nl.sed.samen.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.JwksServer;
import nl.sed.samen.testsupport.JwksServer.SigningKey;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * The identity provider's keys come from its JWKS endpoint (here a real HTTP server), with the settings the service
 * ships: a new key is used without a restart, a forged key id does not make the service ask the provider on every
 * request, and tokens signed with a known key stay valid while the provider does not answer.
 */
@QuarkusTest
@TestProfile(KeyRotationTest.FromJwks.class)
class KeyRotationTest {

    public static class FromJwks implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(JwksServer.class));
        }
    }

    private static final SigningKey FIRST = SigningKey.generate("key-2026-1");
    private static final SigningKey NEXT = SigningKey.generate("key-2026-2");
    private static final SigningKey FORGED = SigningKey.generate("key-forged");

    private static int status(String token) {
        return Api.as(token).body(Map.of("title", "Rotatie")).when().post("/tenants/enkhuizen/projects").then()
                .extract().statusCode();
    }

    private static String editor(SigningKey key) {
        return key.sign(Tokens.claims("rotating-editor", List.of("enkhuizen"), "editor"));
    }

    /** One story in order: the provider's life is a sequence, and the service's key cache lives across it. */
    @Test
    void keysRotateWithoutARestartAndWithoutHammeringTheProvider() throws InterruptedException {
        // the provider allows a short cache so the outage below is met with expired keys
        JwksServer.publish(1, FIRST);
        assertEquals(201, status(editor(FIRST)));
        assertEquals(1, JwksServer.fetches());

        // the provider is unavailable after the cache time: the known key still verifies, and the service does not
        // ask again on every request while it waits
        JwksServer.down(true);
        Thread.sleep(1_500);
        assertEquals(201, status(editor(FIRST)));
        int afterOutage = JwksServer.fetches();
        // one refresh, which jose4j's HTTP client tries up to 4 times
        assertTrue(afterOutage > 1 && afterOutage <= 5, "fetches: " + afterOutage);
        for (int i = 0; i < 10; i++) {
            assertEquals(201, status(editor(FIRST)));
        }
        assertEquals(afterOutage, JwksServer.fetches(), "while the provider is down, the cached keys are used");
        JwksServer.down(false);
        // jose4j skips a refresh within 300 ms of its last cache update (HttpsJwks' refresh reprieve), and keeping
        // the keys through the outage was one; a skipped refresh would still use up the once-a-minute forced refresh.
        // A provider rotates minutes after it recovers, not within 300 ms: a fast machine got here sooner (CI, once).
        Thread.sleep(400);

        // the provider rotates: a token with the new key id makes the service fetch the keys once, without a restart
        JwksServer.publish(null, FIRST, NEXT);
        assertEquals(201, status(editor(NEXT)));
        int afterRotation = afterOutage + 1;
        assertEquals(afterRotation, JwksServer.fetches());
        assertEquals(201, status(editor(FIRST)), "the old key stays valid while the provider publishes it");

        // forged key ids: every one refused, none makes the service ask the provider again
        for (int i = 0; i < 20; i++) {
            assertEquals(401, status(editor(FORGED)));
            assertEquals(401, status(new SigningKey("key-forged-" + i, FORGED.pair())
                    .sign(Tokens.claims("forger", List.of("*"), "admin"))));
        }
        // a known key id on a token signed with another key
        assertEquals(401, status(new SigningKey(NEXT.kid(), FORGED.pair()).sign(
                Tokens.claims("forger", List.of("*"), "admin"))));
        assertEquals(afterRotation, JwksServer.fetches(), "forged key ids are not a way to make the service call the provider");
        assertEquals(201, status(editor(NEXT)));
    }
}
