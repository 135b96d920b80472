package nl.sed.samen.reaction;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import nl.sed.samen.security.ServiceSecrets;

/**
 * How Samen refers to a resident's e-mail address without keeping it: a keyed hash of the tenant and the lower-cased
 * address (the key is a service secret, {@code samen.secrets.address-key}). The outbox de-duplicates by it, and the
 * one-click unsubscribe token carries it, with a tag that tells a token Samen made from a guessed or damaged one.
 */
@ApplicationScoped
public class AddressKeys {

    static final String SECRET = "address-key";
    private static final int KEY_BYTES = 24;
    private static final int TAG_BYTES = 8;

    private final ServiceSecrets secrets;

    public AddressKeys(ServiceSecrets secrets) {
        this.secrets = secrets;
    }

    /** The key of an address in a tenant: the same for every spelling in upper or lower case. */
    public String key(String tenant, String address) {
        byte[] mac = mac(tenant + "\n" + address.strip().toLowerCase(Locale.ROOT));
        return encode(Arrays.copyOf(mac, KEY_BYTES));
    }

    /** The token for a one-click unsubscribe link of this tenant: the key and a tag over tenant and key. */
    public String unsubscribeToken(String tenant, String key) {
        byte[] raw = decode(key).filter(k -> k.length == KEY_BYTES).orElseThrow();
        byte[] token = Arrays.copyOf(raw, KEY_BYTES + TAG_BYTES);
        System.arraycopy(tag(tenant, raw), 0, token, KEY_BYTES, TAG_BYTES);
        return encode(token);
    }

    /** The address key a token stands for, or empty when Samen did not make this token for this tenant. */
    public Optional<String> fromUnsubscribeToken(String tenant, String token) {
        Optional<byte[]> raw = decode(token);
        if (raw.isEmpty() || raw.get().length != KEY_BYTES + TAG_BYTES) {
            return Optional.empty();
        }
        byte[] key = Arrays.copyOf(raw.get(), KEY_BYTES);
        byte[] tag = Arrays.copyOfRange(raw.get(), KEY_BYTES, KEY_BYTES + TAG_BYTES);
        return MessageDigest.isEqual(tag, tag(tenant, key)) ? Optional.of(encode(key)) : Optional.empty();
    }

    private byte[] tag(String tenant, byte[] key) {
        byte[] prefix = ("unsubscribe\n" + tenant + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] input = Arrays.copyOf(prefix, prefix.length + key.length);
        System.arraycopy(key, 0, input, prefix.length, key.length);
        return Arrays.copyOf(mac(input), TAG_BYTES);
    }

    private byte[] mac(String value) {
        return mac(value.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] mac(byte[] value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secrets.get(SECRET), "HmacSHA256"));
            return mac.doFinal(value);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Optional<byte[]> decode(String value) {
        if (value == null || value.length() > 64 || !value.matches("[A-Za-z0-9_-]+")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getUrlDecoder().decode(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
