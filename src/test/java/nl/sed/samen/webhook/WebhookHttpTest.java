package nl.sed.samen.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pinned client against real servers on 127.0.0.1: over https the configured name is sent as SNI and Host and the
 * certificate is checked against it although the connection goes to the checked address; redirects are not followed;
 * the total timeout holds; only the start of an answer is read.
 */
class WebhookHttpTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static HttpsServer tlsServer;
    private static HttpServer plainServer;
    private static javax.net.ssl.TrustManager[] trusting;
    private static final AtomicReference<String> host = new AtomicReference<>();

    @TempDir
    static Path keys;

    @BeforeAll
    static void servers() throws Exception {
        // a certificate for hook.example, made with the JDK's keytool, trusted by the client under test only
        Path store = keys.resolve("hook.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "hook", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=hook.example",
                "-ext", "SAN=dns:hook.example", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool failed");
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(store.toFile())) {
            keyStore.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, "changeit".toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keyStore);
        trusting = tmf.getTrustManagers();

        tlsServer = HttpsServer.create(new InetSocketAddress(LOOPBACK, 0), 10);
        tlsServer.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        tlsServer.createContext("/", exchange -> {
            host.set(exchange.getRequestHeaders().getFirst("Host"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        tlsServer.start();

        plainServer = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 10);
        plainServer.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        plainServer.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        plainServer.createContext("/chatty", exchange -> {
            byte[] big = "x".repeat(100_000).getBytes();
            exchange.sendResponseHeaders(500, big.length);
            exchange.getResponseBody().write(big);
            exchange.close();
        });
        plainServer.start();
    }

    @AfterAll
    static void stop() {
        tlsServer.stop(0);
        plainServer.stop(0);
    }

    private static WebhookHttp client(Duration total) {
        return new WebhookHttp(new Settings(total), trusting);
    }

    private static TargetGuard.Target pinned(String url) {
        return new TargetGuard.Target(URI.create(url), LOOPBACK);
    }

    @Test
    void overHttpsTheNameIsSniHostAndCertificateWhileTheConnectionGoesToTheCheckedAddress() {
        int port = tlsServer.getAddress().getPort();
        WebhookHttp.Outcome outcome = client(Duration.ofSeconds(10))
                .post(pinned("https://hook.example:" + port + "/samen"), Map.of("webhook-id", "x"), "{}");
        assertEquals(204, outcome.status(), String.valueOf(outcome.error()));
        assertEquals("hook.example:" + port, host.get());
    }

    /** Also from a client that holds a good session with the same address: no resumption across names. */
    @Test
    void aCertificateForAnotherNameIsRefused() {
        int port = tlsServer.getAddress().getPort();
        WebhookHttp http = client(Duration.ofSeconds(10));
        assertEquals(204, http.post(pinned("https://hook.example:" + port + "/samen"), Map.of(), "{}").status());
        WebhookHttp.Outcome outcome = http
                .post(pinned("https://other.example:" + port + "/samen"), Map.of(), "{}");
        assertNull(outcome.status());
        assertTrue(outcome.error().startsWith("TLS failed"), outcome.error());
        assertTrue(!outcome.delivered());
    }

    @Test
    void aRedirectIsAFailureAndIsNotFollowed() {
        WebhookHttp.Outcome outcome = client(Duration.ofSeconds(10))
                .post(pinned("http://localhost:" + plainServer.getAddress().getPort() + "/redirect"), Map.of(), "{}");
        assertEquals(302, outcome.status());
        assertTrue(!outcome.delivered());
    }

    @Test
    void theTotalTimeoutHolds() {
        WebhookHttp.Outcome outcome = client(Duration.ofSeconds(1))
                .post(pinned("http://localhost:" + plainServer.getAddress().getPort() + "/slow"), Map.of(), "{}");
        assertNull(outcome.status());
        assertTrue(outcome.error().contains("timed out"), outcome.error());
        assertTrue(outcome.durationMillis() < 2500, "gave up after about a second: " + outcome.durationMillis());
    }

    @Test
    void onlyTheStartOfAnAnswerIsKept() {
        WebhookHttp.Outcome outcome = client(Duration.ofSeconds(10))
                .post(pinned("http://localhost:" + plainServer.getAddress().getPort() + "/chatty"), Map.of(), "{}");
        assertEquals(500, outcome.status());
        assertEquals(500, outcome.excerpt().length());
    }

    /** The settings that matter here; the rest as in production. */
    private record Settings(Duration requestTimeout) implements WebhookSettings {
        public Duration interval() {
            return Duration.ofSeconds(5);
        }

        public int batchSize() {
            return 50;
        }

        public int maxAttempts() {
            return 15;
        }

        public int disableAfter() {
            return 20;
        }

        public Duration claimTimeout() {
            return Duration.ofMinutes(2);
        }

        public Duration connectTimeout() {
            return Duration.ofSeconds(5);
        }

        public Duration rotationOverlap() {
            return Duration.ofHours(24);
        }

        public boolean allowHttp() {
            return true;
        }

        public Optional<List<String>> allowedNetworks() {
            return Optional.empty();
        }

        public int responseExcerpt() {
            return 500;
        }
    }
}
