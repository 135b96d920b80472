package nl.sed.samen.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.jwt.util.KeyUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.Test;

/**
 * The production profile's refusal of the committed development key recognises it however it is configured: as the
 * PEM file, inline, or inside a JWKS document; any other key passes. (StartupIT starts the packaged jar with it.)
 */
class DevelopmentKeyTest {

    private static final Path DEV_KEY = Path.of("dev", "jwt", "public-key.pem");

    @Test
    void theFingerprintIsTheCommittedKeys() throws Exception {
        PublicKey key = KeyUtils.decodePublicKey(Files.readString(DEV_KEY));
        assertEquals(TokenSettingsCheck.DEVELOPMENT_KEY_SHA256, TokenSettingsCheck.fingerprint(key));
    }

    @Test
    void recognisedAsFileInlineAndInAJwks() throws Exception {
        String pem = Files.readString(DEV_KEY);
        assertTrue(TokenSettingsCheck.trustsDevelopmentKey(null, DEV_KEY.toString()));
        assertTrue(TokenSettingsCheck.trustsDevelopmentKey(null, "file:" + DEV_KEY.toAbsolutePath()));
        assertTrue(TokenSettingsCheck.trustsDevelopmentKey(pem, null));
        RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) KeyUtils.decodePublicKey(pem));
        jwk.setKeyId("dev");
        Path jwks = Files.createTempFile("jwks", ".json");
        Files.writeString(jwks, "{\"keys\":[" + jwk.toJson() + "]}");
        assertTrue(TokenSettingsCheck.trustsDevelopmentKey(null, jwks.toString()));
    }

    @Test
    void anotherKeyOrARemoteLocationPasses() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PublicKey other = generator.generateKeyPair().getPublic();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(other.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        assertFalse(TokenSettingsCheck.trustsDevelopmentKey(pem, null));
        assertFalse(TokenSettingsCheck.trustsDevelopmentKey(null, "https://idp.example/jwks"));
        assertFalse(TokenSettingsCheck.trustsDevelopmentKey(null, "no/such/file.pem"));
    }
}
