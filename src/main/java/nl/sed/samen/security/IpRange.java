package nl.sed.samen.security;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}; a bare address is a range of
 * one). Only address literals are parsed, never host names, so nothing here ever asks DNS. An IPv4-mapped IPv6 address
 * ({@code ::ffff:10.1.2.3}) is its IPv4 address.
 */
public record IpRange(byte[] network, int prefixLength) {

    /** What an address literal may consist of (with an optional IPv6 zone, which is dropped). */
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]{2,45}(%[0-9a-zA-Z._-]{1,32})?");

    public IpRange {
        network = mask(network, prefixLength);
    }

    /** Parses {@code address[/prefix]}; an invalid range is an {@link IllegalArgumentException} naming the problem. */
    public static IpRange parse(String cidr) {
        String text = cidr.trim();
        int slash = text.indexOf('/');
        String literal = slash < 0 ? text : text.substring(0, slash);
        byte[] address = parseAddress(literal)
                .orElseThrow(() -> new IllegalArgumentException("not an IP address: '" + literal + "'"))
                .getAddress();
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix length of '" + text + "' must be 0 to " + bits);
            }
        }
        return new IpRange(address, prefix);
    }

    /**
     * An address literal as proxies write it: IPv4, IPv6, IPv6 in brackets, either with a port ({@code 1.2.3.4:80},
     * {@code [2001:db8::1]:443}). Empty for anything else, host names included.
     */
    public static Optional<InetAddress> parseAddress(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String literal = text.trim();
        if (literal.startsWith("[")) {
            int close = literal.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            literal = literal.substring(1, close);
        } else if (literal.indexOf(':') > 0 && literal.indexOf(':') == literal.lastIndexOf(':')
                && literal.indexOf('.') > 0) {
            literal = literal.substring(0, literal.indexOf(':')); // IPv4 with a port
        }
        if (!LITERAL.matcher(literal).matches() || !literal.contains(":") && !isDottedQuad(literal)) {
            return Optional.empty();
        }
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        try {
            // a literal of only hex digits, colons and dots: InetAddress parses it without a lookup
            return Optional.of(InetAddress.getByName(literal));
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static boolean isDottedQuad(String literal) {
        String[] parts = literal.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == network.length && Arrays.equals(mask(bytes, prefixLength), network);
    }

    /** The range of the given length that holds this address (its /64, say). */
    public static IpRange around(InetAddress address, int prefixLength) {
        int bits = address.getAddress().length * 8;
        return new IpRange(address.getAddress(), Math.min(prefixLength, bits));
    }

    public boolean isIpv4() {
        return network.length == 4;
    }

    private static byte[] mask(byte[] address, int prefixLength) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
            masked[i] = (byte) (masked[i] & (0xFF << (8 - keep)));
        }
        return masked;
    }

    /** CIDR text, as a stable name for the range (never logged or stored for a client: it is hashed first). */
    @Override
    public String toString() {
        try {
            InetAddress address = InetAddress.getByAddress(network);
            String text = address instanceof Inet4Address ? address.getHostAddress() : address.getHostAddress();
            return text + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpRange range && range.prefixLength == prefixLength
                && Arrays.equals(range.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }
}
