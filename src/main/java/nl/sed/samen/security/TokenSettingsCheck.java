package nl.sed.samen.security;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;

/**
 * Refuses to start without the settings that verify officials' tokens. Without a public key every request would fail
 * with a 500; without an issuer, tokens of any issuer signed with that key would be accepted. In the production
 * profile it also refuses the committed development key (dev/jwt), whose private half anyone can read: trusting it would
 * let anyone mint an admin token.
 */
@ApplicationScoped
public class TokenSettingsCheck {

    /** SHA-256 of the development public key's DER (SubjectPublicKeyInfo) encoding: dev/jwt/public-key.pem. */
    static final String DEVELOPMENT_KEY_SHA256 = "62f995b393e8934ca18d75484493134ea55a50b2bbc75bb004df4eab2cc39d5f";

    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> keyLocation;

    @ConfigProperty(name = "mp.jwt.verify.publickey")
    Optional<String> key;

    @ConfigProperty(name = "mp.jwt.verify.issuer")
    Optional<String> issuer;

    void check(@Observes StartupEvent event) {
        if (keyLocation.isEmpty() && key.isEmpty()) {
            throw new IllegalStateException("Set MP_JWT_VERIFY_PUBLICKEY_LOCATION to the identity provider's public key "
                    + "(PEM file or JWKS URL) so officials' tokens can be verified.");
        }
        if (issuer.isEmpty()) {
            throw new IllegalStateException("Set MP_JWT_VERIFY_ISSUER to the issuer of officials' tokens.");
        }
        List<String> profiles = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles();
        if (profiles.contains("prod") && trustsDevelopmentKey(key.orElse(null), keyLocation.orElse(null))) {
            throw new IllegalStateException("MP_JWT_VERIFY_PUBLICKEY_LOCATION is the committed development key "
                    + "(dev/jwt/public-key.pem, SHA-256 " + DEVELOPMENT_KEY_SHA256 + "), whose private key is public: "
                    + "anyone could mint an admin token. Configure the identity provider's key (or a key pair of your "
                    + "own: java dev/MintToken.java --new-key-pair DIR).");
        }
    }

    /**
     * Whether the inline key or the key at the location (a PEM file or a JWKS document, on disk or on the class path) is
     * the development key. Remote locations (http, https) are the identity provider's and are not fetched here.
     */
    static boolean trustsDevelopmentKey(String inline, String location) {
        String content = inline;
        if (content == null && location != null) {
            content = read(location);
        }
        if (content == null || content.isBlank()) {
            return false;
        }
        for (PublicKey candidate : keys(content)) {
            if (DEVELOPMENT_KEY_SHA256.equals(fingerprint(candidate))) {
                return true;
            }
        }
        return false;
    }

    static String fingerprint(Key key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<PublicKey> keys(String content) {
        String text = content.trim();
        try {
            if (text.startsWith("{")) {
                return new JsonWebKeySet(text).getJsonWebKeys().stream().map(JsonWebKey::getKey)
                        .filter(PublicKey.class::isInstance).map(PublicKey.class::cast).toList();
            }
            return List.of(KeyUtils.decodePublicKey(text));
        } catch (Exception e) {
            return List.of(); // not a key we can read; SmallRye JWT reports that itself
        }
    }

    private static String read(String location) {
        String lower = location.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("http:") || lower.startsWith("https:")) {
            return null;
        }
        try {
            if (lower.startsWith("classpath:")) {
                return classpath(location.substring("classpath:".length()));
            }
            Path file = Path.of(lower.startsWith("file:") ? location.substring("file:".length()) : location);
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
            return classpath(location);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String classpath(String resource) throws IOException {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
