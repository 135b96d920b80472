package nl.sed.samen.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * With {@code samen.secrets.client-key} set, the day's key in the database alone no longer gives the client keys: a
 * database copy cannot be used to try every address.
 */
class ClientKeySecretTest {

    private static final byte[] DAILY = "a daily key as the database holds it".getBytes();

    private static ServiceSecrets database() {
        return new ServiceSecrets(null) {
            @Override
            public byte[] get(String name) {
                return DAILY.clone();
            }
        };
    }

    private static String secret(char fill) {
        return Base64.getEncoder().encodeToString(String.valueOf(fill).repeat(32).getBytes());
    }

    /** What someone holding only a database copy would compute for an address. */
    private static String fromDatabaseCopy(String address) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(DAILY, "HmacSHA256"));
        byte[] digest = mac.doFinal(address.getBytes());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
    }

    @Test
    void aConfiguredSecretMakesTheDatabaseKeyAloneUseless() throws Exception {
        ClientKeys withoutSecret = new ClientKeys(database(), Optional.empty(), Optional.empty());
        ClientKeys withSecret = new ClientKeys(database(), Optional.empty(), Optional.of(secret('s')));
        ClientKeys otherSecret = new ClientKeys(database(), Optional.empty(), Optional.of(secret('t')));
        String address = "203.0.113.9";
        assertEquals(fromDatabaseCopy(address), withoutSecret.forAddress(address), "development: database key only");
        assertNotEquals(fromDatabaseCopy(address), withSecret.forAddress(address));
        assertNotEquals(withSecret.forAddress(address), otherSecret.forAddress(address));
        assertEquals(withSecret.forAddress(address), withSecret.forAddress(address), "stable within the day");
        assertNotEquals(withSecret.forAddress(address), withSecret.forAddress("203.0.113.10"));
        assertThrows(IllegalStateException.class,
                () -> new ClientKeys(database(), Optional.empty(), Optional.of(Base64.getEncoder()
                        .encodeToString("short".getBytes()))), "a secret under 32 bytes is refused at start");
    }
}
