package nl.sed.samen.operations;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as its own process, the way it runs in production:
 * its own HTTP and management ports, a configured database, a key pair of its own, its log in a file under target/.
 */
public final class ServiceProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public final int port;
    final int managementPort;
    final Path log;
    private final Process process;

    private ServiceProcess(int port, int managementPort, Path log, Process process) {
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.process = process;
    }

    /** Starts the jar against the database at jdbcUrl, trusting publicKey; extra environment on top. */
    public static ServiceProcess start(String name, String jdbcUrl, Path publicKey, Map<String, String> extra)
            throws IOException {
        int port = freePort();
        int managementPort = freePort();
        Path log = Path.of("target", "process-" + name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("QUARKUS_") || key.startsWith("SAMEN_") || key.startsWith("MP_"));
        Map<String, String> settings = new HashMap<>();
        settings.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        settings.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        settings.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        settings.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        settings.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        settings.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        settings.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        settings.put("SAMEN_EMBEDDED_DATABASE_ENABLED", "false");
        settings.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toAbsolutePath().toString());
        settings.put("MP_JWT_VERIFY_ISSUER", "https://samen.dev.local/issuer");
        settings.put("SAMEN_NOTIFICATIONS_INTERVAL", "1h");
        settings.putAll(extra);
        env.putAll(settings);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return new ServiceProcess(port, managementPort, log, builder.start());
    }

    /** The status of GET path on the public (api=true) or the management port; 0 when nothing answers. */
    int status(String path, boolean api) {
        return get(path, api).statusCode();
    }

    HttpResponse<String> get(String path, boolean api) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (api ? port : managementPort) + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Waits (bounded) until readiness is UP; false when the time ran out or the process ended. */
    public boolean awaitReady(Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> ready = get("/q/health/ready", false);
            if (ready != null && ready.statusCode() == 200) {
                return true;
            }
            if (!process.isAlive()) {
                return false;
            }
            Thread.sleep(250);
        }
        return false;
    }

    /** Waits (bounded) until anything answers on the management port. */
    boolean awaitManagement(Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            if (get("/q/health/live", false) != null) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    /** The exit status, waiting at most limit; null when it is still running. */
    Integer awaitExit(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    public String logText() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
