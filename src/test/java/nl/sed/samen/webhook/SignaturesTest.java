package nl.sed.samen.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignaturesTest {

    /** The test vector published with the Standard Webhooks specification (and used by its libraries' tests). */
    static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long VECTOR_TIMESTAMP = 1614265330L;
    static final String VECTOR_BODY = "{\"test\": 2432232314}";
    static final String VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void signsTheSpecificationsTestVector() {
        assertEquals(VECTOR_SIGNATURE, Signatures.sign(VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY, VECTOR_SECRET));
    }

    @Test
    void duringARotationBothSecretsSignSpaceSeparatedCurrentFirst() {
        String other = Signatures.newSecret();
        String header = Signatures.header(VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY, List.of(other, VECTOR_SECRET));
        String[] parts = header.split(" ");
        assertEquals(2, parts.length);
        assertEquals(Signatures.sign(VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY, other), parts[0]);
        assertEquals(VECTOR_SIGNATURE, parts[1]);
    }

    @Test
    void newSecretsAreWhsecAnd32RandomBytes() {
        String a = Signatures.newSecret();
        assertTrue(a.startsWith("whsec_"));
        assertEquals(32, Base64.getDecoder().decode(a.substring(6)).length);
        assertNotEquals(a, Signatures.newSecret());
    }
}
