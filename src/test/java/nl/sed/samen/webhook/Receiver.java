package nl.sed.samen.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP receiver in the test (the JDK's HttpServer on 127.0.0.1): records every request per path and answers
 * with the statuses queued for that path (then 204).
 */
final class Receiver implements AutoCloseable {

    /** One request as received: the webhook headers, the Host header and the body as bytes arrived. */
    record Received(String path, String id, String timestamp, String signature, String host, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> statuses = new ConcurrentHashMap<>();

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            var h = exchange.getRequestHeaders();
            received.add(new Received(path, h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"),
                    h.getFirst("webhook-signature"), h.getFirst("Host"), body));
            Deque<Integer> queued = statuses.get(path);
            Integer status = queued == null ? null : queued.pollFirst();
            int code = status == null ? 204 : status;
            byte[] answer = code == 204 ? new byte[0] : "{\"error\":\"not now\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, code == 204 ? -1 : answer.length);
            if (code != 204) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
    }

    /** The URL of a path on this receiver, by host name (so the service must resolve, check and pin it). */
    String url(String path) {
        return "http://localhost:" + port() + path;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Answers the next requests to this path with these statuses, in order. */
    void answer(String path, Integer... codes) {
        statuses.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).addAll(List.of(codes));
    }

    List<Received> at(String path) {
        List<Received> result = new ArrayList<>();
        for (Received r : received) {
            if (r.path().equals(path)) {
                result.add(r);
            }
        }
        return result;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
