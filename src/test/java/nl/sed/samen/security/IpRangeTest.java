package nl.sed.samen.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CIDR ranges and address literals, without DNS, IPv4 and IPv6. */
class IpRangeTest {

    private static InetAddress address(String literal) {
        return IpRange.parseAddress(literal).orElseThrow();
    }

    @Test
    void rangesContainWhatTheyShould() {
        IpRange pods = IpRange.parse("10.244.0.0/16");
        assertTrue(pods.contains(address("10.244.3.7")));
        assertTrue(pods.contains(address("10.244.255.255")));
        assertFalse(pods.contains(address("10.245.0.1")));
        assertFalse(pods.contains(address("fd00::1")), "another family is never inside");
        assertTrue(IpRange.parse("10.244.9.9/16").contains(address("10.244.0.1")), "host bits are ignored");
        IpRange ula = IpRange.parse("fd00::/8");
        assertTrue(ula.contains(address("fd12:3456::1")));
        assertFalse(ula.contains(address("fe80::1")));
        assertTrue(IpRange.parse("0.0.0.0/0").contains(address("203.0.113.1")));
        assertTrue(IpRange.parse("::/0").contains(address("2001:db8::1")));
        IpRange single = IpRange.parse("172.30.80.10");
        assertTrue(single.contains(address("172.30.80.10")));
        assertFalse(single.contains(address("172.30.80.11")));
        assertTrue(IpRange.parse("::1").contains(address("::1")));
        assertTrue(IpRange.parse("2001:db8:1:2::/64").contains(address("2001:db8:1:2:ffff:ffff:ffff:ffff")));
        assertFalse(IpRange.parse("2001:db8:1:2::/64").contains(address("2001:db8:1:3::")));
        assertTrue(IpRange.parse("192.0.2.0/25").contains(address("192.0.2.127")));
        assertFalse(IpRange.parse("192.0.2.0/25").contains(address("192.0.2.128")));
    }

    @Test
    void addressesAsProxiesWriteThem() {
        assertEquals(address("192.0.2.1"), address(" 192.0.2.1 "));
        assertEquals(address("192.0.2.1"), address("192.0.2.1:4711"));
        assertEquals(address("2001:db8::1"), address("[2001:db8::1]:443"));
        assertEquals(address("2001:db8::1"), address("[2001:db8::1]"));
        assertEquals(address("2001:db8::1"), address("2001:DB8:0:0:0:0:0:1"));
        assertEquals(address("10.1.2.3"), address("::ffff:10.1.2.3"), "IPv4-mapped is IPv4");
        assertEquals(address("fe80::1"), address("fe80::1%eth0"));
        for (String bad : List.of("", "unknown", "localhost", "example.org", "1.2.3", "1.2.3.4.5", "256.1.1.1",
                "01.2.3.4x", "::g", "1:2:3:4:5:6:7:8:9", "[::1", "_gazonk", "deadbeef", "1.2.3.-4")) {
            assertTrue(IpRange.parseAddress(bad).isEmpty(), bad);
        }
        assertTrue(IpRange.parseAddress(null).isEmpty());
    }

    @Test
    void invalidRangesAreRefusedWithTheReason() {
        for (String bad : List.of("10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/x", "pods", "10.0.0.0/8/8")) {
            assertThrows(IllegalArgumentException.class, () -> IpRange.parse(bad), bad);
        }
    }

    @Test
    void aNetworkAroundAnAddress() {
        assertEquals(IpRange.parse("2001:db8:1:2::/64"), IpRange.around(address("2001:db8:1:2:3:4:5:6"), 64));
        assertEquals(IpRange.around(address("2001:db8:1:2::1"), 64), IpRange.around(address("2001:db8:1:2::9"), 64));
        assertEquals(IpRange.parse("192.0.2.7/32"), IpRange.around(address("192.0.2.7"), 64), "IPv4 caps at 32");
        assertEquals("192.0.2.7/32", IpRange.around(address("192.0.2.7"), 32).toString());
        assertTrue(ClientKeys.isPrivate(address("10.1.1.1")));
        assertTrue(ClientKeys.isPrivate(address("172.20.0.1")));
        assertTrue(ClientKeys.isPrivate(address("fd00::5")));
        assertTrue(ClientKeys.isPrivate(address("127.0.0.1")));
        assertFalse(ClientKeys.isPrivate(address("172.32.0.1")));
        assertFalse(ClientKeys.isPrivate(address("2001:db8::1")));
    }
}
