package nl.sed.samen.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 client over a plain socket that sends exactly the bytes it is given: broken request lines, raw control
 * characters in headers, invalid UTF-8, lying lengths. Every exchange uses its own connection ({@code Connection: close}
 * is part of the request the corpus builds) and is bounded by a deadline.
 */
final class RawHttp {

    /** What came back; {@code error} is set when no complete HTTP response arrived. */
    record Reply(int status, Map<String, List<String>> headers, byte[] body, String error) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        static Reply failed(String error) {
            return new Reply(-1, Map.of(), new byte[0], error);
        }
    }

    private static final int TIMEOUT_MILLIS = 15_000;

    private final int port;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "hostile-writer");
        thread.setDaemon(true);
        return thread;
    });

    RawHttp(int port) {
        this.port = port;
    }

    void close() {
        writer.shutdownNow();
    }

    /** Sends the request and reads one response; a request the server answers before reading it all still counts. */
    Reply exchange(byte[] request, boolean head) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            // written on another thread, so that a response sent before the whole body was read (413) is not lost
            Future<?> written = writer.submit(() -> {
                try {
                    out.write(request);
                    out.flush();
                } catch (IOException ignored) {
                    // the server stopped reading; its response (if any) is read below
                }
            });
            Reply reply = read(socket.getInputStream(), head);
            written.cancel(true);
            return reply;
        } catch (IOException e) {
            return Reply.failed("connection failed: " + e);
        }
    }

    private static Reply read(InputStream in, boolean head) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[65_536];
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS + 5_000);
        for (int reads = 0; reads < 100_000 && System.nanoTime() < deadline; reads++) {
            Reply complete = parse(buffer.toByteArray(), head, false);
            if (complete != null) {
                return complete;
            }
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                Reply partial = parse(buffer.toByteArray(), head, true);
                return partial != null ? partial : Reply.failed("no complete response within "
                        + TIMEOUT_MILLIS / 1000 + " s (" + buffer.size() + " bytes received)");
            } catch (IOException e) {
                n = -1;
            }
            if (n < 0) {
                Reply atEnd = parse(buffer.toByteArray(), head, true);
                return atEnd != null ? atEnd : Reply.failed(buffer.size() == 0
                        ? "connection closed without any response" : "connection closed mid-response");
            }
            buffer.write(chunk, 0, n);
        }
        return Reply.failed("no complete response before the deadline");
    }

    /** A complete response in {@code data}, or null when more bytes are needed (or, at end of stream, none came). */
    static Reply parse(byte[] data, boolean head, boolean endOfStream) {
        int offset = 0;
        for (int interim = 0; interim < 10; interim++) {
            int end = indexOf(data, offset, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (end < 0) {
                return endOfStream && data.length > offset ? Reply.failed("truncated response head") : null;
            }
            String[] lines = new String(data, offset, end - offset, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            int status;
            try {
                status = Integer.parseInt(statusLine[1]);
            } catch (RuntimeException e) {
                return Reply.failed("unparseable status line: " + lines[0]);
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
                }
            }
            int bodyStart = end + 4;
            if (status >= 100 && status < 200 && status != 101) {
                offset = bodyStart; // 100 Continue and friends: the real response follows
                continue;
            }
            if (head || status == 204 || status == 304) {
                return new Reply(status, headers, new byte[0], null);
            }
            List<String> encoding = headers.get("transfer-encoding");
            if (encoding != null && encoding.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
                return dechunk(data, bodyStart, status, headers, endOfStream);
            }
            List<String> length = headers.get("content-length");
            if (length != null) {
                int expected;
                try {
                    expected = Integer.parseInt(length.get(0));
                } catch (NumberFormatException e) {
                    return Reply.failed("bad Content-Length in response: " + length);
                }
                if (data.length - bodyStart >= expected) {
                    return new Reply(status, headers, slice(data, bodyStart, bodyStart + expected), null);
                }
                return endOfStream ? Reply.failed("response body shorter than its Content-Length") : null;
            }
            return endOfStream ? new Reply(status, headers, slice(data, bodyStart, data.length), null) : null;
        }
        return Reply.failed("too many interim responses");
    }

    private static Reply dechunk(byte[] data, int start, int status, Map<String, List<String>> headers,
            boolean endOfStream) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int position = start;
        for (int chunks = 0; chunks < 100_000; chunks++) {
            int lineEnd = indexOf(data, position, "\r\n".getBytes(StandardCharsets.US_ASCII));
            if (lineEnd < 0) {
                break;
            }
            String sizeLine = new String(data, position, lineEnd - position, StandardCharsets.US_ASCII);
            int semicolon = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                return Reply.failed("bad chunk size in response");
            }
            if (size == 0) {
                return new Reply(status, headers, body.toByteArray(), null);
            }
            if (lineEnd + 2 + size + 2 > data.length) {
                break;
            }
            body.write(data, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
        return endOfStream ? Reply.failed("chunked response cut off") : null;
    }

    private static byte[] slice(byte[] data, int from, int to) {
        byte[] result = new byte[to - from];
        System.arraycopy(data, from, result, 0, result.length);
        return result;
    }

    private static int indexOf(byte[] data, int from, byte[] pattern) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
