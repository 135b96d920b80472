package nl.sed.samen.security;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import nl.sed.samen.common.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How Samen tells anonymous callers apart without knowing who they are: a keyed hash of the caller's address, with a
 * key that changes every day (kept in the database so all instances agree, and deleted after two days). The raw
 * address is never stored or logged. X-Forwarded-For is believed only when the request comes from a configured proxy.
 */
@ApplicationScoped
public class ClientKeys {

    static final String SECRET_PREFIX = "client-key-";

    private final ServiceSecrets secrets;
    private final List<String> trustedProxies;
    private final Clock clock;

    public ClientKeys(ServiceSecrets secrets, Clock clock,
            @ConfigProperty(name = "samen.trusted-proxies") Optional<List<String>> trustedProxies) {
        this.secrets = secrets;
        this.clock = clock;
        this.trustedProxies = trustedProxies.orElse(List.of());
    }

    public String of(HttpServerRequest request) {
        return forAddress(address(request));
    }

    String address(HttpServerRequest request) {
        String socket = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || !trustedProxies.contains(socket)) {
            return socket;
        }
        // the right-most address that is not one of our proxies is the client as our proxies saw it
        List<String> hops = Arrays.stream(forwarded.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!trustedProxies.contains(hops.get(i))) {
                return hops.get(i);
            }
        }
        return socket;
    }

    /** The key for an address: the same all day on every instance, unrelated to it the next day. */
    public String forAddress(String address) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secrets.get(SECRET_PREFIX + LocalDate.ofInstant(clock.now(), ZoneOffset.UTC)), "HmacSHA256"));
            byte[] digest = mac.doFinal(address.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
