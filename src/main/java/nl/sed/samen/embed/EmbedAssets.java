package nl.sed.samen.embed;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import nl.sed.samen.tenancy.TenantOrigins;

/**
 * The embed's files under {@code /embed/v1/} (static resources in {@code META-INF/resources/embed/v1/}) with the
 * headers each kind needs, and their Subresource Integrity hashes for the officials' snippets.
 * <ul>
 *   <li>scripts and the stylesheet: cached for a year and immutable (a change ships under a new version path), and
 *   readable from any origin (CORS), since hosts load them with {@code crossorigin} and {@code integrity};</li>
 *   <li>the iframe pages: a Content-Security-Policy that allows only this service's own files and may be framed only
 *   by the tenant's allowed origins ({@code frame-ancestors});</li>
 *   <li>the demo page: the same policy, framed by nobody.</li>
 * </ul>
 */
@ApplicationScoped
public class EmbedAssets {

    public static final String VERSION = "v1";
    public static final String PATH = "/embed/" + VERSION + "/";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final Set<String> FRAMES = Set.of("poll.html", "consultation.html", "panel.html");
    private static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; worker-src blob:; base-uri 'none'; form-action 'none'; ";

    private final TenantOrigins origins;
    private final Map<String, String> integrity = new ConcurrentHashMap<>();
    private final Map<String, byte[]> gzipped = new ConcurrentHashMap<>();

    public EmbedAssets(TenantOrigins origins) {
        this.origins = origins;
    }

    void register(@Observes Filters filters) {
        // after ResponseHeaders (300), so these headers replace its API defaults for the embed's files
        filters.register(this::handle, 250);
    }

    private void handle(RoutingContext context) {
        String path = context.request().path();
        if (!path.startsWith(PATH)) {
            context.next();
            return;
        }
        String file = path.substring(PATH.length());
        if (servedCompressed(context, file)) {
            return;
        }
        String tenant = context.request().getParam("tenant");
        context.addHeadersEndHandler(ignored -> {
            MultiMap headers = context.response().headers();
            if (file.endsWith(".html") || file.isEmpty()) {
                String ancestors = FRAMES.contains(file) ? frameAncestors(tenant) : "'none'";
                headers.set("Content-Security-Policy", PAGE_POLICY + "frame-ancestors " + ancestors);
                headers.set("Cache-Control", "no-cache");
                headers.add("Vary", "Origin");
                headers.add("Vary", "Accept-Encoding");
            } else {
                headers.set("Cache-Control", IMMUTABLE);
                headers.set("Access-Control-Allow-Origin", "*");
                headers.set("Cross-Origin-Resource-Policy", "cross-origin");
                // the same for every origin; compressed or not as the client asked (quarkus.http.enable-compression)
                headers.set("Vary", "Accept-Encoding");
            }
        });
        context.next();
    }

    /**
     * A script or the stylesheet for a client that takes gzip, from a copy compressed once per file and kept: every
     * page view of a municipality's site fetches samen.js, and compressing its 71 kB for each request cost about
     * 2 ms of CPU (bench: 740 req/s on two cores). The bytes decode to the file itself, so its integrity hash holds.
     */
    private boolean servedCompressed(RoutingContext context, String file) {
        String accepted = context.request().getHeader("Accept-Encoding");
        String type = file.endsWith(".js") ? "text/javascript;charset=UTF-8"
                : file.endsWith(".css") ? "text/css;charset=UTF-8" : null;
        if (type == null || context.request().method() != io.vertx.core.http.HttpMethod.GET || accepted == null
                || !accepted.toLowerCase(java.util.Locale.ROOT).contains("gzip") || file.contains("/")) {
            return false;
        }
        byte[] compressed = gzipped.computeIfAbsent(file, EmbedAssets::gzip);
        if (compressed.length == 0) {
            return false;
        }
        context.response().headers()
                .set("Content-Type", type)
                .set("Content-Encoding", "gzip")
                .set("Cache-Control", IMMUTABLE)
                .set("Access-Control-Allow-Origin", "*")
                .set("Cross-Origin-Resource-Policy", "cross-origin")
                .set("Vary", "Accept-Encoding");
        context.response().end(io.vertx.core.buffer.Buffer.buffer(compressed));
        return true;
    }

    /** The file gzipped at the highest level, or nothing for a file that is not there. */
    private static byte[] gzip(String file) {
        String resource = "META-INF/resources" + PATH + file;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return new byte[0];
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (java.util.zip.GZIPOutputStream zip = new java.util.zip.GZIPOutputStream(out) {
                {
                    def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
                }
            }) {
                in.transferTo(zip);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String frameAncestors(String tenant) {
        Set<String> allowed = tenant == null ? Set.of() : origins.of(tenant);
        return allowed.isEmpty() ? "'none'" : String.join(" ", allowed.stream().sorted().toList());
    }

    /** The SRI value ({@code sha384-…}) of one of the embed's files, computed once from the served bytes. */
    public String integrity(String file) {
        return integrity.computeIfAbsent(file, EmbedAssets::digest);
    }

    private static String digest(String file) {
        String resource = "META-INF/resources" + PATH + file;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The embed file " + resource + " is missing from the build");
            }
            byte[] hash = MessageDigest.getInstance("SHA-384").digest(in.readAllBytes());
            return "sha384-" + Base64.getEncoder().encodeToString(hash);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
