package nl.sed.samen.webhook;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.Inet6Address;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.jboss.logging.Logger;

/**
 * Posts one webhook to a checked target with the JDK's HTTP client: HTTP/1.1, no redirects, connect and total timeouts,
 * at most a few hundred bytes of the response read.
 *
 * <p>To connect to exactly the address {@link TargetGuard} checked, the request goes to that IP literal and carries the
 * configured host in its {@code Host} header; for https the client sends the host as TLS SNI and the JDK's trust
 * manager checks the certificate against that SNI name (it prefers the SNI name to the literal peer address), so
 * virtual hosting and certificate checks work as they would for the name. The JDK refuses a user-set {@code Host}
 * unless {@code jdk.httpclient.allowRestrictedHeaders} names it: this class sets that property before the client's
 * classes load, and the Dockerfile passes it on the command line as well; {@link #hostHeaderAllowed()} says whether it
 * took effect.
 */
@ApplicationScoped
public class WebhookHttp {

    static {
        String allowed = System.getProperty("jdk.httpclient.allowRestrictedHeaders", "");
        if (!List.of(allowed.toLowerCase().split("\\s*,\\s*")).contains("host")) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", allowed.isBlank() ? "host" : allowed + ",host");
        }
    }

    private static final Logger LOG = Logger.getLogger(WebhookHttp.class);
    private static final int MAX_CLIENTS = 256;

    /** What came of one attempt: the status (null when none was received), time taken, an error, the response's start. */
    public record Outcome(Integer status, long durationMillis, String error, String excerpt) {

        public boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int excerptLimit;
    private final HttpClient plain;
    private final Map<String, HttpClient> tlsClients = new ConcurrentHashMap<>();
    private final boolean hostHeaderAllowed;
    private final TrustManager[] trust;

    @Inject
    public WebhookHttp(WebhookSettings settings) {
        this(settings, null);
    }

    /** Trusting these managers (tests); null: the JVM's default trust store. */
    WebhookHttp(WebhookSettings settings, TrustManager[] trust) {
        this.trust = trust == null ? defaultTrust() : trust;
        this.connectTimeout = settings.connectTimeout();
        this.requestTimeout = settings.requestTimeout();
        this.excerptLimit = settings.responseExcerpt();
        this.plain = builder().build();
        this.hostHeaderAllowed = hostHeaderAllowed();
        if (!hostHeaderAllowed) {
            LOG.warn("Webhooks cannot set the Host header: start the JVM with "
                    + "-Djdk.httpclient.allowRestrictedHeaders=host; deliveries fail until then");
        }
    }

    /** Made at start-up, so the property is set before anything else loads the JDK's HTTP client, and a problem shows. */
    void started(@Observes StartupEvent event) {
        // constructing this bean is the point
    }

    /** Whether the JDK lets this process set the Host header (see the class comment). */
    static boolean hostHeaderAllowed() {
        try {
            HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header("Host", "example.org");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public Outcome post(TargetGuard.Target target, Map<String, String> headers, String body) {
        long started = System.nanoTime();
        if (!hostHeaderAllowed) {
            return new Outcome(null, 0, "Host header not allowed (jdk.httpclient.allowRestrictedHeaders)", null);
        }
        URI url = target.url();
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(pinned(url, target))
                    .timeout(requestTimeout)
                    .header("Host", url.getRawAuthority())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Samen-Webhooks/1")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return new Outcome(null, 0, "unusable target URL", null);
        }
        headers.forEach(request::header);
        CompletableFuture<HttpResponse<String>> response = client(url).sendAsync(request.build(),
                info -> new Excerpt(excerptLimit));
        try {
            HttpResponse<String> answer = response.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Outcome(answer.statusCode(), elapsed(started), null, answer.body());
        } catch (TimeoutException e) {
            response.cancel(true);
            return new Outcome(null, elapsed(started), "timed out after " + requestTimeout.toSeconds() + " s", null);
        } catch (ExecutionException e) {
            return new Outcome(null, elapsed(started), describe(e.getCause()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.cancel(true);
            return new Outcome(null, elapsed(started), "interrupted", null);
        }
    }

    /** The URL with its host replaced by the checked address. */
    static URI pinned(URI url, TargetGuard.Target target) throws URISyntaxException {
        String literal = target.address().getHostAddress();
        if (target.address() instanceof Inet6Address) {
            int zone = literal.indexOf('%');
            literal = "[" + (zone < 0 ? literal : literal.substring(0, zone)) + "]";
        }
        String rest = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        return new URI(url.getScheme().toLowerCase() + "://" + literal + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + rest);
    }

    private HttpClient client(URI url) {
        if (!"https".equalsIgnoreCase(url.getScheme())) {
            return plain;
        }
        String host = url.getHost();
        if (tlsClients.size() > MAX_CLIENTS) {
            tlsClients.clear();
        }
        return tlsClients.computeIfAbsent(host.toLowerCase(), this::tlsClient);
    }

    /**
     * A client whose TLS handshakes name this host (SNI), which is also what the certificate is checked against. Each
     * host has a TLS context of its own: sessions are cached per context and keyed by the peer address, so two names on
     * one address must not resume each other's session (that would skip the second name's certificate check).
     */
    private HttpClient tlsClient(String host) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust, null);
            SSLParameters parameters = context.getDefaultSSLParameters();
            if (!host.startsWith("[") && !Character.isDigit(host.charAt(host.length() - 1))) {
                parameters.setServerNames(List.of(new SNIHostName(host)));
            }
            return builder().sslContext(context).sslParameters(parameters).build();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("No TLS context for webhooks", e);
        }
    }

    private static TrustManager[] defaultTrust() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("No trust store for webhooks", e);
        }
    }

    private HttpClient.Builder builder() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(connectTimeout);
    }

    private static long elapsed(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private static String describe(Throwable e) {
        if (e instanceof java.net.http.HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "timed out";
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "TLS failed: " + e.getClass().getSimpleName();
        }
        return e == null ? "failed" : e.getClass().getSimpleName();
    }

    /** Reads at most {@code limit} bytes of the response body, then stops reading; decoded as UTF-8 text. */
    static final class Excerpt implements HttpResponse.BodySubscriber<String> {

        private final int limit;
        private final ByteBuffer kept;
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Excerpt(int limit) {
            this.limit = limit;
            this.kept = ByteBuffer.allocate(limit);
        }

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int take = Math.min(buffer.remaining(), kept.remaining());
                kept.put(buffer.slice().limit(take));
            }
            if (!kept.hasRemaining()) {
                subscription.cancel();
                finish();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            finish(); // what arrived is enough for the log
        }

        @Override
        public void onComplete() {
            finish();
        }

        private void finish() {
            if (!result.isDone()) {
                String text = new String(kept.array(), 0, kept.position(), StandardCharsets.UTF_8);
                result.complete(text.isEmpty() ? null : text.replaceAll("\\p{Cntrl}", " ").strip());
            }
        }

        int limit() {
            return limit;
        }
    }
}
