package nl.sed.samen.webhook;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nl.sed.samen.testsupport.Npm;
import org.junit.jupiter.api.Assumptions;

/**
 * The independent check: the reference {@code standardwebhooks} package from npm (test-tools/webhooks, installed from
 * its committed lockfile) verifies what the receiver got, run with Node. Without Node the calling test is skipped,
 * except under CI (environment variable CI), where it fails.
 */
final class StandardWebhooksNode {

    static final Path TOOL = Path.of("test-tools", "webhooks");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The verdicts, in order; and the library's signature of the specification's test vector. */
    record Verdicts(String vector, List<JsonNode> results) {
    }

    private StandardWebhooksNode() {
    }

    static Verdicts verify(List<Receiver.Received> deliveries, List<String> secrets) throws Exception {
        requireNode();
        Npm.ci(TOOL, "standardwebhooks");
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < deliveries.size(); i++) {
            Receiver.Received d = deliveries.get(i);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("webhook-id", d.id());
            headers.put("webhook-timestamp", d.timestamp());
            headers.put("webhook-signature", d.signature());
            items.add(Map.of("secret", secrets.get(i), "headers", headers, "body", d.body()));
        }
        Path input = Files.createTempFile("webhooks", ".json");
        try {
            JSON.writeValue(input.toFile(), Map.of("deliveries", items));
            Process node = new ProcessBuilder("node", TOOL.resolve("verify.mjs").toString(), input.toString())
                    .redirectErrorStream(false).start();
            byte[] out = node.getInputStream().readAllBytes();
            String err = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(node.waitFor(2, TimeUnit.MINUTES), "node did not finish");
            assertTrue(node.exitValue() == 0, "node failed: " + err);
            JsonNode result = JSON.readTree(out);
            List<JsonNode> verdicts = new ArrayList<>();
            result.get("results").forEach(verdicts::add);
            return new Verdicts(result.get("vector").asText(), verdicts);
        } finally {
            Files.deleteIfExists(input);
        }
    }

    private static void requireNode() {
        if (onPath("node") && onPath("npm")) {
            return;
        }
        if (System.getenv("CI") != null) {
            fail("The webhook signature check needs node and npm; CI must install them");
        }
        Assumptions.abort("Skipping the independent webhook signature check: node and npm are not installed");
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
