package nl.sed.samen.testsupport;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Real signed officials' tokens, verified by the real SmallRye JWT: the test key pair lives in
 * {@code src/test/resources/test-keys}.
 */
public final class Tokens {

    public static final String ISSUER = "https://idp.test.samen/issuer";
    public static final String AUDIENCE = "samen-api";

    private static final PrivateKey KEY = load("test-keys/private-key.pem");

    private Tokens() {
    }

    /** A token for these tenants ({@code *} for all) with these roles. */
    public static String official(String tenants, String... roles) {
        return claims("official-" + tenants.replace('*', 'x') + "-" + String.join("-", roles),
                List.of(tenants.split(",")), roles).sign(KEY);
    }

    public static String editor(String tenant) {
        return official(tenant, "editor");
    }

    public static String moderator(String tenant) {
        return official(tenant, "moderator");
    }

    public static String admin(String tenant) {
        return official(tenant, "admin");
    }

    public static JwtClaimsBuilder claims(String subject, List<String> tenants, String... roles) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).upn(subject)
                .groups(Set.copyOf(Arrays.asList(roles))).claim("tenants", tenants)
                .expiresIn(Duration.ofMinutes(10));
    }

    public static String sign(JwtClaimsBuilder claims) {
        return claims.sign(KEY);
    }

    /** Signed with a key the service does not trust. */
    public static String signWithOtherKey(JwtClaimsBuilder claims) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return claims.sign(generator.generateKeyPair().getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey load(String resource) {
        try (InputStream in = Tokens.class.getClassLoader().getResourceAsStream(resource)) {
            return KeyUtils.decodePrivateKey(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read " + resource, e);
        }
    }
}
