package nl.sed.samen.panel;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.ProblemType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How the panel keeps its members' addresses (and the links waiting to be mailed) so that a copy of the database alone
 * reveals none of them: encrypted with AES-256-GCM under a key that is configured ({@code samen.panel.address-key},
 * from a Kubernetes Secret) and never stored, with a fresh 96-bit nonce per value and the owning row's id as
 * associated data (a ciphertext moved to another row does not decrypt). Because equal addresses encrypt differently,
 * an address is found again — to answer a second sign-up without a second member — by a keyed hash (HMAC-SHA-256 of
 * the panel and the lower-cased address); a plain hash would not do, as anyone with a list of addresses could test
 * them against a copy. Both keys are derived from the one configured key, each for its own purpose. The same key
 * signs the leave links, so they need no stored state and keep working until the member is gone.
 */
@ApplicationScoped
public class AddressVault {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int LEAVE_TAG_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] encryptionKey;
    private final byte[] lookupKey;

    public AddressVault(@ConfigProperty(name = "samen.panel.address-key") Optional<String> configured) {
        byte[] master = configured.filter(s -> !s.isBlank()).map(AddressVault::decode).orElse(null);
        this.encryptionKey = master == null ? null : derive(master, "samen panel address encryption v1");
        this.lookupKey = master == null ? null : derive(master, "samen panel address lookup v1");
    }

    /** Whether a key is configured; without one the panel takes no members (503) rather than store addresses. */
    public boolean configured() {
        return encryptionKey != null;
    }

    void requireConfigured() {
        if (!configured()) {
            throw new ProblemException(ProblemType.UNAVAILABLE, "The panel is not available: no key to protect "
                    + "members' addresses is configured.");
        }
    }

    /** The lookup key of an address in a panel: the same for every spelling in upper or lower case. */
    String lookup(UUID panelId, String address) {
        requireConfigured();
        return base64(mac(lookupKey, panelId + "\n" + normalise(address)));
    }

    byte[] encrypt(String plaintext, UUID owner) {
        requireConfigured();
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(owner.toString().getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String decrypt(byte[] value, UUID owner) {
        requireConfigured();
        if (value == null || value.length <= 1 + NONCE_BYTES || value[0] != VERSION) {
            throw new IllegalStateException("not a sealed value of this version");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"),
                    new GCMParameterSpec(128, value, 1, NONCE_BYTES));
            cipher.updateAAD(owner.toString().getBytes(StandardCharsets.US_ASCII));
            return new String(cipher.doFinal(value, 1 + NONCE_BYTES, value.length - 1 - NONCE_BYTES),
                    StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed value did not decrypt (wrong key or moved row)", e);
        }
    }

    /** The leave link's token for a member: its id and a tag, so only Samen can make one. */
    String leaveToken(UUID memberId) {
        requireConfigured();
        return memberId + "." + base64(Arrays.copyOf(mac(lookupKey, "leave\n" + memberId), LEAVE_TAG_BYTES));
    }

    /** The member a leave token names, or empty when Samen did not make it. */
    Optional<UUID> fromLeaveToken(String token) {
        requireConfigured();
        if (token == null || token.length() > 100 || !token.matches("[0-9a-f-]{36}\\.[A-Za-z0-9_-]+")) {
            return Optional.empty();
        }
        UUID member;
        try {
            member = UUID.fromString(token.substring(0, 36));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        byte[] expected = leaveToken(member).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.US_ASCII)) ? Optional.of(member)
                : Optional.empty();
    }

    static String normalise(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }

    private static byte[] derive(byte[] master, String purpose) {
        return mac(master, purpose);
    }

    private static byte[] mac(byte[] key, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] decode(String configured) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(configured.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("samen.panel.address-key must be base64");
        }
        if (key.length < 32) {
            throw new IllegalStateException("samen.panel.address-key must be at least 32 bytes (base64)");
        }
        return key;
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
