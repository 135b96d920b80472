package nl.sed.samen.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One request of the corpus, kept as the parts of its wire form so that every part can be broken on purpose. Header
 * names and values are written as ISO-8859-1, so any byte 0x00–0xFF can be placed in them; the request target is written
 * as UTF-8 unless raw bytes are given.
 */
final class HostileRequest {

    final String endpoint;
    String mutation;
    String method;
    String target;
    byte[] rawTarget;
    String version = "HTTP/1.1";
    final List<String[]> headers = new ArrayList<>();
    byte[] body;
    boolean contentLength = true;
    boolean chunked;
    String lineEnd = "\r\n";
    /** Whether an error response must not contain the canary value put into the request. */
    boolean checkEcho;

    HostileRequest(String endpoint, String method, String target) {
        this.endpoint = endpoint;
        this.mutation = "control";
        this.method = method;
        this.target = target;
    }

    HostileRequest copy(String mutation) {
        HostileRequest copy = new HostileRequest(endpoint, method, target);
        copy.mutation = mutation;
        copy.rawTarget = rawTarget;
        copy.version = version;
        headers.forEach(h -> copy.headers.add(h.clone()));
        copy.body = body;
        copy.contentLength = contentLength;
        copy.chunked = chunked;
        copy.lineEnd = lineEnd;
        copy.checkEcho = checkEcho;
        return copy;
    }

    /** Replaces every header of this name (case-insensitive) with this one; a null value removes it. */
    HostileRequest header(String name, String value) {
        headers.removeIf(h -> h[0].equalsIgnoreCase(name));
        if (value != null) {
            headers.add(new String[] {name, value});
        }
        return this;
    }

    HostileRequest addHeader(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    String header(String name) {
        return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst().orElse(null);
    }

    HostileRequest body(byte[] newBody) {
        this.body = newBody;
        return this;
    }

    HostileRequest body(String json) {
        return body(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    HostileRequest echoChecked() {
        this.checkEcho = true;
        return this;
    }

    boolean isHead() {
        return method.toUpperCase(Locale.ROOT).equals("HEAD");
    }

    byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, method + " ", StandardCharsets.ISO_8859_1);
        if (rawTarget != null) {
            out.writeBytes(rawTarget);
        } else {
            write(out, target, StandardCharsets.UTF_8);
        }
        write(out, " " + version + lineEnd, StandardCharsets.ISO_8859_1);
        for (String[] header : headers) {
            write(out, header[0] + ": " + header[1] + lineEnd, StandardCharsets.ISO_8859_1);
        }
        if (chunked) {
            write(out, "Transfer-Encoding: chunked" + lineEnd + lineEnd, StandardCharsets.ISO_8859_1);
            byte[] data = body == null ? new byte[0] : body;
            for (int start = 0; start < data.length; start += 8192) {
                int size = Math.min(8192, data.length - start);
                write(out, Integer.toHexString(size) + "\r\n", StandardCharsets.ISO_8859_1);
                out.write(data, start, size);
                write(out, "\r\n", StandardCharsets.ISO_8859_1);
            }
            write(out, "0\r\n\r\n", StandardCharsets.ISO_8859_1);
            return out.toByteArray();
        }
        if (body != null && contentLength) {
            write(out, "Content-Length: " + body.length + lineEnd, StandardCharsets.ISO_8859_1);
        }
        write(out, lineEnd, StandardCharsets.ISO_8859_1);
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /** A one-line description for the failure report: mutation, method, target, and the headers that matter. */
    String describe() {
        String shownTarget = rawTarget != null ? new String(rawTarget, StandardCharsets.ISO_8859_1) : target;
        StringBuilder text = new StringBuilder();
        text.append('[').append(mutation).append("] ").append(method).append(' ').append(abbreviate(shownTarget, 160));
        if (!version.equals("HTTP/1.1")) {
            text.append(' ').append(version);
        }
        for (String[] header : headers) {
            String name = header[0].toLowerCase(Locale.ROOT);
            if (name.equals("host") || name.equals("connection") || name.equals("accept") && header[1].equals("*/*")) {
                continue;
            }
            String value = name.equals("authorization") && header[1].length() > 40
                    ? header[1].substring(0, 40) + "…(" + header[1].length() + " chars)" : abbreviate(header[1], 60);
            text.append(" | ").append(abbreviate(header[0], 40)).append(": ").append(value);
        }
        if (chunked) {
            text.append(" | (chunked)");
        }
        if (body != null) {
            text.append(" | body ").append(body.length).append(" bytes: ")
                    .append(abbreviate(new String(body, 0, Math.min(body.length, 400), StandardCharsets.UTF_8), 100));
        }
        return text.toString();
    }

    static String abbreviate(String text, int max) {
        StringBuilder visible = new StringBuilder();
        for (int i = 0; i < text.length() && visible.length() < max; i++) {
            char c = text.charAt(i);
            visible.append(c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0
                    ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return text.length() > max ? visible + "…(" + text.length() + " chars)" : visible.toString();
    }

    private static void write(ByteArrayOutputStream out, String text, java.nio.charset.Charset charset) {
        out.writeBytes(text.getBytes(charset));
    }
}
