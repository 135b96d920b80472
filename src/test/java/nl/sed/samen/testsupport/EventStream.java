package nl.sed.samen.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Server-Sent Events client for tests, reading the stream as a browser's fetch would: line by line as the bytes
 * arrive, with whatever headers the caller sets (a Voter-Token, a bearer token, Last-Event-ID).
 */
public final class EventStream implements AutoCloseable {

    /** One event as received. */
    public record Event(String id, String name, String data) {

        @SuppressWarnings("unchecked")
        public Map<String, Object> json() {
            try {
                return new ObjectMapper().readValue(data, Map.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Event END = new Event(null, "<end>", null);

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private volatile String retry;
    private volatile int comments;
    private volatile boolean ended;

    private EventStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = new Thread(this::read, "test-event-stream");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code /api/v1 + path} on the test instance. */
    public static EventStream open(String path, String... headers) {
        return open(RestAssured.port, path, headers);
    }

    /** Opens {@code /api/v1 + path} on the instance at this port; headers as name, value, name, value. */
    public static EventStream open(int port, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1" + path))
                .header("Accept", "text/event-stream").GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            CompletableFuture<HttpResponse<Stream<String>>> sent = CLIENT.sendAsync(request.build(),
                    HttpResponse.BodyHandlers.ofLines());
            return new EventStream(sent.get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new IllegalStateException("could not open " + path, e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public HttpHeaders headers() {
        return response.headers();
    }

    public String retry() {
        return retry;
    }

    public int comments() {
        return comments;
    }

    /** The next event within the timeout, or null; after the stream ended, null at once. */
    public Event next(Duration timeout) {
        try {
            Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (event == END) {
                events.add(END);
                return null;
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Whether the server ended the stream within the timeout (every event before the end is skipped). */
    public boolean endsWithin(Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            if (ended) {
                return true;
            }
            next(Duration.ofMillis(50));
        }
        return ended;
    }

    /** The body of a refusal (problem+json), read whole. */
    public String body() {
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    private void read() {
        String id = null;
        String name = null;
        StringBuilder data = null;
        try (Stream<String> body = response.body()) {
            for (String line : (Iterable<String>) body::iterator) {
                synchronized (lines) {
                    lines.add(line);
                }
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, name == null ? "message" : name, data.toString()));
                    }
                    id = null;
                    name = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments++;
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> name = value;
                        case "retry" -> retry = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> { }
                    }
                }
            }
        } catch (RuntimeException e) {
            // closed by close(), or the connection broke
        } finally {
            ended = true;
            events.add(END);
        }
    }

    @Override
    public void close() {
        reader.interrupt();
        try {
            response.body().close();
        } catch (RuntimeException ignored) {
            // already closed
        }
    }
}
