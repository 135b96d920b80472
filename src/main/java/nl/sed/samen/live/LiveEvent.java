package nl.sed.samen.live;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One Server-Sent Event, serialised once for every stream that gets it. Its id is a digest of its name and data, so
 * the same state has the same id on every instance: a client that reconnects elsewhere with {@code Last-Event-ID} can
 * tell whether anything changed while it was away.
 */
public record LiveEvent(String id, String name, Buffer bytes) {

    /** An event whose data is one line of JSON (Jackson writes no line breaks; those inside strings are escaped). */
    public static LiveEvent of(String name, String json) {
        String id = digest(name + "\n" + json);
        return new LiveEvent(id, name, Buffer.buffer(
                "id: " + id + "\nevent: " + name + "\ndata: " + json + "\n\n", StandardCharsets.UTF_8.name()));
    }

    static Buffer comment(String text) {
        return Buffer.buffer(": " + text + "\n\n");
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
