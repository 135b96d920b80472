package nl.sed.samen.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one of the real-browser harnesses in {@code browser-tests/} (headless Chromium from Debian's package, driven by
 * playwright-core, axe-core, both from the committed lockfile) with a config file the test wrote, and checks its
 * results file: every recorded check passed and the harness exited cleanly. Without Chromium or Node.js a test is
 * skipped, except under CI (environment variable CI), where it fails.
 */
public final class BrowserHarness {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path HARNESS = Path.of("browser-tests");
    private static final ObjectMapper JSON = new ObjectMapper();

    private BrowserHarness() {
    }

    /** Skips the test (fails it under CI) when Chromium or Node.js is missing. */
    public static void require() {
        boolean chromium = Files.isExecutable(CHROMIUM);
        boolean node = onPath("node") && onPath("npm");
        if (chromium && node) {
            return;
        }
        String missing = (chromium ? "" : "/usr/bin/chromium (apt-get install chromium) ")
                + (node ? "" : "node and npm");
        if (System.getenv("CI") != null) {
            fail("The browser tests need " + missing + "; CI must install them");
        }
        Assumptions.abort("Skipping the browser tests: " + missing + "is not installed");
    }

    /**
     * Writes {@code config} (plus {@code out} and {@code chromium}) to {@code out/config.json}, runs
     * {@code browser-tests/<script>} with it and returns the results, having asserted that no check failed.
     */
    public static JsonNode run(String script, Path out, Map<String, Object> config, Duration limit)
            throws IOException, InterruptedException {
        Files.createDirectories(out);
        Map<String, Object> full = new java.util.LinkedHashMap<>(config);
        full.put("out", out.toAbsolutePath().toString());
        full.put("chromium", CHROMIUM.toString());
        Path configFile = out.resolve("config.json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(configFile.toFile(), full);
        Npm.ci(HARNESS, "playwright-core", "axe-core", "altcha-lib");
        Path log = out.resolve("browser-tests.log");
        Process node = new ProcessBuilder("node", HARNESS.resolve(script).toString(), configFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = node.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            node.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertTrue(finished, "the browser tests did not finish within " + limit);
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        List<String> failed = new ArrayList<>();
        results.path("results").forEach(r -> {
            if (!r.path("ok").asBoolean()) {
                failed.add(r.path("name").asText() + " " + r);
            }
        });
        assertEquals(List.of(), failed, "browser checks failed (see " + log + ")");
        assertEquals(0, node.exitValue(), output);
        return results;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
