package nl.sed.samen.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import nl.sed.samen.security.IpRange;

/**
 * Server-side request forgery defence for webhook targets. A target URL is checked when a subscription is saved and
 * again before every attempt: its host is resolved once, every address it resolves to must be a public unicast
 * address (not loopback, private, link-local, CGNAT, multicast, unique-local IPv6, documentation, reserved or a cloud
 * metadata address) unless an operator allowlists its range, and the attempt then connects to exactly the address
 * that was checked ({@link Target#address()}), so a second DNS answer cannot send it elsewhere (DNS rebinding).
 */
@ApplicationScoped
public class TargetGuard {

    /** Resolves a host name to all its addresses; the system resolver in production, a table in unit tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A checked target: the URL as configured and the one address to connect to. */
    public record Target(URI url, InetAddress address) {
    }

    /** Why a target is refused; the message is safe to show to the admin who configured it. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    static final int MAX_URL_LENGTH = 2000;

    /** Ranges no webhook may reach, whatever DNS says (each with what it is, for the refusal message). */
    private static final List<Blocked> BLOCKED = List.of(
            new Blocked("0.0.0.0/8", "a reserved address"),
            new Blocked("10.0.0.0/8", "a private address"),
            new Blocked("100.64.0.0/10", "a carrier-grade NAT address"),
            new Blocked("127.0.0.0/8", "a loopback address"),
            new Blocked("169.254.169.254/32", "a cloud metadata address"),
            new Blocked("169.254.0.0/16", "a link-local address"),
            new Blocked("172.16.0.0/12", "a private address"),
            new Blocked("192.0.0.0/24", "a reserved address"),
            new Blocked("192.0.2.0/24", "a documentation address"),
            new Blocked("192.88.99.0/24", "a reserved address"),
            new Blocked("192.168.0.0/16", "a private address"),
            new Blocked("198.18.0.0/15", "a benchmarking address"),
            new Blocked("198.51.100.0/24", "a documentation address"),
            new Blocked("203.0.113.0/24", "a documentation address"),
            new Blocked("168.63.129.16/32", "a cloud metadata address"),
            new Blocked("224.0.0.0/4", "a multicast address"),
            new Blocked("240.0.0.0/4", "a reserved address"),
            new Blocked("::/128", "a reserved address"),
            new Blocked("::1/128", "a loopback address"),
            new Blocked("::/96", "a reserved address"),
            new Blocked("64:ff9b::/96", "a NAT64 address"),
            new Blocked("64:ff9b:1::/48", "a NAT64 address"),
            new Blocked("100::/64", "a reserved address"),
            new Blocked("2001::/23", "a reserved address"),
            new Blocked("2001:db8::/32", "a documentation address"),
            new Blocked("2002::/16", "a 6to4 address"),
            new Blocked("fd00:ec2::254/128", "a cloud metadata address"),
            new Blocked("fc00::/7", "a unique-local address"),
            new Blocked("fe80::/10", "a link-local address"),
            new Blocked("fec0::/10", "a site-local address"),
            new Blocked("ff00::/8", "a multicast address"));

    private record Blocked(IpRange range, String what) {
        Blocked(String cidr, String what) {
            this(IpRange.parse(cidr), what);
        }
    }

    private final Resolver resolver;
    private final List<IpRange> allowed;
    private final boolean allowHttp;

    @Inject
    public TargetGuard(WebhookSettings settings) {
        this(InetAddress::getAllByName, settings.allowedNetworks().orElse(List.of()), settings.allowHttp());
    }

    TargetGuard(Resolver resolver, List<String> allowedNetworks, boolean allowHttp) {
        this.resolver = resolver;
        this.allowed = allowedNetworks.stream().map(String::trim).filter(s -> !s.isEmpty()).map(IpRange::parse)
                .toList();
        this.allowHttp = allowHttp;
    }

    /** The URL's form alone: absolute, https (http only where allowed), a host, no credentials or fragment. */
    public URI parse(String url) throws Refused {
        if (url == null || url.isBlank() || url.length() > MAX_URL_LENGTH) {
            throw new Refused("must be an absolute URL of at most " + MAX_URL_LENGTH + " characters");
        }
        if (url.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new Refused("must not contain spaces or control characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new Refused(allowHttp ? "must be an http or https URL" : "must be an https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new Refused("must name a host, without user name, password or fragment");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new Refused("has an invalid port");
        }
        return uri;
    }

    /** Parses, resolves and checks the target; the address returned is the one to connect to. */
    public Target check(String url) throws Refused {
        URI uri = parse(url);
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException | SecurityException e) {
            throw new Refused("has a host name that does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw new Refused("has a host name that does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> why = refusal(address);
            if (why.isPresent()) {
                // one forbidden answer is enough: a name that also points inside is not a public target
                throw new Refused("resolves to " + why.get() + ", which webhooks may not reach");
            }
        }
        InetAddress chosen = Arrays.stream(addresses)
                .min(Comparator.comparing(a -> a instanceof Inet4Address ? 0 : 1)).orElseThrow();
        return new Target(uri, chosen);
    }

    /** Why this address may not be reached; empty when it may (public, or in an allowlisted range). */
    Optional<String> refusal(InetAddress address) {
        if (allowed.stream().anyMatch(range -> range.contains(address))) {
            return Optional.empty();
        }
        Optional<String> listed = BLOCKED.stream().filter(b -> b.range().contains(address)).map(Blocked::what)
                .findFirst();
        if (listed.isEmpty() && (address.isAnyLocalAddress() || address.isLoopbackAddress()
                || address.isLinkLocalAddress() || address.isSiteLocalAddress() || address.isMulticastAddress())) {
            return Optional.of("a non-public address");
        }
        return listed;
    }
}
