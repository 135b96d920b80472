package nl.sed.samen.security;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import nl.sed.samen.common.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import nl.sed.samen.common.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * How Samen tells anonymous callers apart without knowing who they are. A caller is a <em>network</em>: an IPv4
 * address, or the IPv6 /64 (configurable) that one household or one phone is given, since an IPv6 user can pick any
 * address in it at will. Its key is a keyed hash of the network, with a key that changes every day (kept in the
 * database so all instances agree, and deleted after two days; in production mixed with a configured secret, see
 * {@link #dailyKey}). The raw address is never stored or logged.
 *
 * <p>X-Forwarded-For is believed only from a trusted proxy ({@code samen.trusted-proxies}: CIDR ranges, such as the
 * cluster's pod network behind a Kubernetes ingress): the right-most address that is not a trusted proxy is the client.
 */
@ApplicationScoped
public class ClientKeys {

    private static final Logger LOG = Logger.getLogger(ClientKeys.class);
    static final String SECRET_PREFIX = "client-key-";

    /** Where proxies live: private (RFC 1918, unique local), shared (carrier NAT, some clusters) and loopback. */
    private static final List<IpRange> PRIVATE = Stream.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "100.64.0.0/10", "127.0.0.0/8", "fc00::/7", "::1/128").map(IpRange::parse).toList();

    /** Today's key of a caller's network, and yesterday's (while it exists) for look-ups that must span midnight. */
    public record Keys(String today, Optional<String> yesterday) {
    }

    private final ServiceSecrets secrets;
    private final Clock clock;
    private final List<IpRange> trustedProxies;
    private final int ipv4PrefixLength;
    private final int ipv6PrefixLength;
    private final AtomicBoolean warned = new AtomicBoolean();
    /** The production setting: with it, a database copy alone (which holds the daily keys) cannot reverse a key. */
    private final Optional<byte[]> configuredSecret;

    @Inject
    public ClientKeys(ServiceSecrets secrets, Clock clock,
            @ConfigProperty(name = "samen.trusted-proxies") Optional<List<String>> trustedProxies,
            @ConfigProperty(name = "samen.clients.ipv4-prefix-length", defaultValue = "32") int ipv4PrefixLength,
            @ConfigProperty(name = "samen.clients.ipv6-prefix-length", defaultValue = "64") int ipv6PrefixLength,
            @ConfigProperty(name = "samen.secrets.client-key") Optional<String> configuredSecret) {
        this.secrets = secrets;
        this.configuredSecret = configuredSecret.filter(v -> !v.isBlank()).map(ServiceSecrets::decode);
        this.clock = clock;
        this.trustedProxies = trustedProxies.orElse(List.of()).stream().filter(s -> !s.isBlank())
                .map(ClientKeys::trustedRange).toList();
        if (ipv4PrefixLength < 8 || ipv4PrefixLength > 32 || ipv6PrefixLength < 16 || ipv6PrefixLength > 128) {
            throw new IllegalArgumentException("samen.clients.ipv4-prefix-length must be 8 to 32 and "
                    + "samen.clients.ipv6-prefix-length 16 to 128");
        }
        this.ipv4PrefixLength = ipv4PrefixLength;
        this.ipv6PrefixLength = ipv6PrefixLength;
    }

    private static IpRange trustedRange(String cidr) {
        try {
            return IpRange.parse(cidr);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("samen.trusted-proxies: " + e.getMessage(), e);
        }
    }

    /** A wrong trusted-proxy range stops the service at start, not at the first vote. */
    void check(@Observes StartupEvent event) {
        LOG.debugf("Trusted proxies: %d range(s)", trustedProxies.size());
    }

    /** Today's key of the caller's network. */
    public String of(HttpServerRequest request) {
        return key(network(request), today());
    }

    /** Today's and yesterday's keys of the caller's network. */
    public Keys keys(HttpServerRequest request) {
        IpRange network = network(request);
        LocalDate today = today();
        return new Keys(key(network, today), secrets.find(SECRET_PREFIX + today.minusDays(1))
                .map(secret -> hash(dailyKey(secret), network)));
    }

    /** Today's key of the network an address belongs to. */
    public String forAddress(String address) {
        return key(networkOf(IpRange.parseAddress(address)
                .orElseThrow(() -> new IllegalArgumentException("not an IP address"))), today());
    }

    /** The caller's network: its address as our trusted proxies saw it, widened to the configured prefix. */
    IpRange network(HttpServerRequest request) {
        return networkOf(address(request));
    }

    IpRange networkOf(InetAddress address) {
        return IpRange.around(address, address.getAddress().length == 4 ? ipv4PrefixLength : ipv6PrefixLength);
    }

    InetAddress address(HttpServerRequest request) {
        InetAddress socket = request.remoteAddress() == null ? null
                : IpRange.parseAddress(request.remoteAddress().hostAddress()).orElse(null);
        if (socket == null) {
            // not an IP socket (a Unix domain socket): every such caller is one client
            socket = InetAddress.getLoopbackAddress();
        }
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || !trusted(socket)) {
            if (forwarded != null && trustedProxies.isEmpty() && isPrivate(socket) && warned.compareAndSet(false, true)) {
                LOG.warn("Requests arrive from a private network address with X-Forwarded-For, but no trusted proxy "
                        + "is configured (samen.trusted-proxies, SAMEN_TRUSTED_PROXIES): every resident behind that "
                        + "proxy counts as one network and shares one allowance. Set it to the proxies' address range "
                        + "(for Kubernetes: the pod network). Logged once.");
            }
            return socket;
        }
        // the right-most address that is not one of our proxies is the client as our proxies saw it
        List<String> hops = Arrays.stream(forwarded.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        InetAddress client = socket;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = IpRange.parseAddress(hops.get(i));
            if (hop.isEmpty()) {
                // not an address (garbage, "unknown", an obfuscated name): the last proxy we know is the client,
                // so made-up values cannot make up new clients
                return client;
            }
            client = hop.get();
            if (!trusted(client)) {
                return client;
            }
        }
        return client;
    }

    private boolean trusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(range -> range.contains(address));
    }

    static boolean isPrivate(InetAddress address) {
        return PRIVATE.stream().anyMatch(range -> range.contains(address));
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.now(), ZoneOffset.UTC);
    }

    /** The key for a network: the same all day on every instance, unrelated to it the next day. */
    private String key(IpRange network, LocalDate day) {
        return hash(dailyKey(secrets.get(SECRET_PREFIX + day)), network);
    }

    /**
     * The day's key: the random key in the database, mixed with {@code samen.secrets.client-key} (a Kubernetes Secret)
     * when that is set, so neither a database copy nor the secret alone gives it; the database's key is deleted after
     * two days, which makes old client keys irreversible even for whoever holds the secret.
     */
    private byte[] dailyKey(byte[] daily) {
        if (configuredSecret.isEmpty()) {
            return daily;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(configuredSecret.get(), "HmacSHA256"));
            return mac.doFinal(daily);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hash(byte[] secret, IpRange network) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] digest = mac.doFinal(network.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The day's key: the random key in the database, mixed with {@code samen.secrets.client-key} (a Kubernetes Secret)
     * when that is set, so neither a database copy nor the secret alone gives it; the database's key is deleted after
     * two days, which makes old client keys irreversible even for whoever holds the secret.
     */
    private byte[] dailyKey(LocalDate day) throws GeneralSecurityException {
        byte[] daily = secrets.get(SECRET_PREFIX + day);
        if (configuredSecret.isEmpty()) {
            return daily;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(configuredSecret.get(), "HmacSHA256"));
        return mac.doFinal(daily);
    }
}
