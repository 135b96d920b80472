package nl.sed.samen.poll;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import nl.sed.samen.security.ServiceSecrets;

/**
 * Single-use codes for code polls: 50 random bits written as {@code XXXXX-XXXXX} in an alphabet without look-alikes
 * (no 0/O, 1/I/L), easy to type from a letter. Only a keyed hash, bound to the poll, is stored.
 */
@ApplicationScoped
public class VotingCodes {

    private static final char[] ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();
    private static final int LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServiceSecrets secrets;

    public VotingCodes(ServiceSecrets secrets) {
        this.secrets = secrets;
    }

    String generate() {
        StringBuilder code = new StringBuilder(LENGTH + 1);
        for (int i = 0; i < LENGTH; i++) {
            if (i == LENGTH / 2) {
                code.append('-');
            }
            code.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return code.toString();
    }

    /** The stored form: forgiving of case, spaces and dashes in what residents type. */
    byte[] hash(UUID pollId, String code) {
        String normalised = code.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secrets.get("voting-code-key"), "HmacSHA256"));
            return mac.doFinal((pollId + ":" + normalised).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
