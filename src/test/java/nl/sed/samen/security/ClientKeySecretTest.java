package nl.sed.samen.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import java.util.Optional;
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

    private static ClientKeys keys(Optional<String> secret) {
        return new ClientKeys(database(), new nl.sed.samen.common.Clock(), Optional.empty(), 32, 64, secret);
    }

    @Test
    void aConfiguredSecretMakesTheDatabaseKeyAloneUseless() {
        ClientKeys fromDatabaseCopy = keys(Optional.empty()); // what whoever holds only a database copy computes
        ClientKeys withSecret = keys(Optional.of(secret('s')));
        ClientKeys otherSecret = keys(Optional.of(secret('t')));
        String address = "203.0.113.9";
        assertNotEquals(fromDatabaseCopy.forAddress(address), withSecret.forAddress(address));
        assertNotEquals(withSecret.forAddress(address), otherSecret.forAddress(address));
        assertEquals(withSecret.forAddress(address), withSecret.forAddress(address), "stable within the day");
        assertNotEquals(withSecret.forAddress(address), withSecret.forAddress("203.0.113.10"));
        assertThrows(IllegalStateException.class,
                () -> keys(Optional.of(Base64.getEncoder().encodeToString("short".getBytes()))),
                "a secret under 32 bytes is refused at start");
    }
}
