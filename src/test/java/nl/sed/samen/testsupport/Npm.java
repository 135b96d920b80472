package nl.sed.samen.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The npm tools of the tests (browser-tests, test-tools/*), installed from their committed lockfiles. */
public final class Npm {

    private Npm() {
    }

    /**
     * {@code npm ci} in the directory, once: skipped while every required package is in node_modules. npm reads
     * nothing and writes to {@code npm-ci.log} there, never to this JVM's own streams: surefire talks to the test
     * JVM through its stdin and stdout, and a child that inherits them (node makes an inherited stdin non-blocking)
     * broke that channel on a fresh clone ("std/in stream corrupted", a failed build with every test green).
     */
    public static synchronized void ci(Path directory, String... required) throws IOException, InterruptedException {
        boolean installed = true;
        for (String name : required) {
            installed &= Files.isDirectory(directory.resolve("node_modules").resolve(name));
        }
        if (installed) {
            return;
        }
        Path log = directory.resolve("npm-ci.log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0;
        assertTrue(done, "npm ci in " + directory + " failed: " + Files.readString(log));
    }
}
