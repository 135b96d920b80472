package nl.sed.samen.testsupport;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * An identity provider's JWKS endpoint, on a free loopback port (the JDK's HTTP server): tests choose which signing
 * keys it publishes, whether it answers at all, and count how often the service fetched it.
 */
public class JwksServer implements QuarkusTestResourceLifecycleManager {

    /** A signing key pair with its key id. */
    public record SigningKey(String kid, KeyPair pair) {
        public static SigningKey generate(String kid) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                return new SigningKey(kid, generator.generateKeyPair());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The claims signed with this key, its kid in the header. */
        public String sign(JwtClaimsBuilder claims) {
            return claims.jws().keyId(kid).sign(pair.getPrivate());
        }

        JsonWebKey jwk() {
            RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) pair.getPublic());
            jwk.setKeyId(kid);
            jwk.setAlgorithm("RS256");
            jwk.setUse("sig");
            return jwk;
        }
    }

    private static final AtomicInteger FETCHES = new AtomicInteger();
    private static volatile String jwks = "{\"keys\":[]}";
    private static volatile Integer maxAgeSeconds;
    private static volatile boolean down;
    private static HttpServer server;

    @Override
    public synchronized Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/realms/samen/certs", exchange -> {
            FETCHES.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            if (down) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (maxAgeSeconds != null) {
                exchange.getResponseHeaders().set("Cache-Control", "max-age=" + maxAgeSeconds);
            }
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return Map.of("mp.jwt.verify.publickey.location",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/samen/certs");
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Publish these keys; with a max-age, the service may keep them only that long before asking again. */
    public static void publish(Integer maxAge, SigningKey... keys) {
        jwks = new JsonWebKeySet(List.of(keys).stream().map(SigningKey::jwk).toList()).toJson();
        maxAgeSeconds = maxAge;
    }

    /** Whether the endpoint answers 503, as a provider behind its load balancer does while it is unavailable. */
    public static void down(boolean unavailable) {
        down = unavailable;
    }

    /** How many times the service asked for the keys so far. */
    public static int fetches() {
        return FETCHES.get();
    }
}
