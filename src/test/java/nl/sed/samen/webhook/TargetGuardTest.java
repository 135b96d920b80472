package nl.sed.samen.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The SSRF rules, with a resolver table instead of DNS: every address class, mixed answers, the allowlist, pinning. */
class TargetGuardTest {

    private static final Map<String, List<String>> DNS = Map.of(
            "hook.example.nl", List.of("93.184.215.14"),
            "mixed.example.nl", List.of("93.184.215.14", "10.1.2.3"),
            "v6.example.nl", List.of("2a00:1450:400e:80f::200e"),
            "rebind.example.nl", List.of("169.254.169.254"),
            "office.example.nl", List.of("10.20.30.40"));

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        List<String> answers = DNS.get(host);
        if (answers == null) {
            // literals resolve to themselves, as InetAddress.getAllByName does; other names are unknown
            if (host.matches("[0-9.]+") || host.contains(":")) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
        InetAddress[] result = new InetAddress[answers.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = InetAddress.getByName(answers.get(i));
        }
        return result;
    }

    private final TargetGuard production = new TargetGuard(TargetGuardTest::resolve, List.of(), false);

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource({
            "https://127.0.0.1/hook, a loopback address",
            "https://127.8.9.10/hook, a loopback address",
            "https://[::1]/hook, a loopback address",
            "https://10.0.0.1/hook, a private address",
            "https://172.16.5.4/hook, a private address",
            "https://192.168.1.1/hook, a private address",
            "https://169.254.10.10/hook, a link-local address",
            "https://[fe80::1]/hook, a link-local address",
            "https://100.64.0.1/hook, a carrier-grade NAT address",
            "https://100.127.255.254/hook, a carrier-grade NAT address",
            "https://224.0.0.251/hook, a multicast address",
            "https://[ff02::1]/hook, a multicast address",
            "https://[fc00::1]/hook, a unique-local address",
            "https://[fd12:3456::1]/hook, a unique-local address",
            "https://169.254.169.254/latest/meta-data, a cloud metadata address",
            "https://[fd00:ec2::254]/latest/meta-data, a cloud metadata address",
            "https://0.0.0.0/hook, a reserved address",
            "https://255.255.255.255/hook, a reserved address",
            "https://[::ffff:10.0.0.1]/hook, a private address",
            "https://[64:ff9b::a00:1]/hook, a NAT64 address",
            "https://192.0.2.10/hook, a documentation address",
            "https://rebind.example.nl/hook, a cloud metadata address",
            "https://mixed.example.nl/hook, a private address"})
    void everyNonPublicAddressClassIsRefused(String url, String what) {
        TargetGuard.Refused refused = assertThrows(TargetGuard.Refused.class, () -> production.check(url));
        assertEquals("resolves to " + what + ", which webhooks may not reach", refused.getMessage());
    }

    @Test
    void aPublicTargetIsPinnedToTheAddressThatWasChecked() throws Exception {
        TargetGuard.Target target = production.check("https://hook.example.nl:8443/samen?x=1");
        assertEquals(InetAddress.getByName("93.184.215.14"), target.address());
        assertEquals(URI.create("https://93.184.215.14:8443/samen?x=1"), WebhookHttp.pinned(target.url(), target));
        assertEquals("hook.example.nl:8443", target.url().getRawAuthority(), "sent as the Host header");
        TargetGuard.Target v6 = production.check("https://v6.example.nl/hook");
        assertEquals(URI.create("https://[2a00:1450:400e:80f:0:0:0:200e]/hook"), WebhookHttp.pinned(v6.url(), v6));
    }

    @Test
    void anOperatorMayAllowARangeAndNothingElse() throws Exception {
        TargetGuard allowing = new TargetGuard(TargetGuardTest::resolve, List.of("10.20.0.0/16"), false);
        assertEquals(InetAddress.getByName("10.20.30.40"), allowing.check("https://office.example.nl/h").address());
        assertThrows(TargetGuard.Refused.class, () -> allowing.check("https://10.21.0.1/h"));
        assertThrows(TargetGuard.Refused.class, () -> allowing.check("https://169.254.169.254/"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "http://hook.example.nl/h|must be an https URL",
            "ftp://hook.example.nl/h|must be an https URL",
            "/relative|must be an https URL",
            "https://user:pw@hook.example.nl/h|must name a host, without user name, password or fragment",
            "https://hook.example.nl/h#part|must name a host, without user name, password or fragment",
            "https://hook.example.nl/a b|must not contain spaces or control characters",
            "https://unknown.example.nl/h|has a host name that does not resolve"})
    void onlyHttpsUrlsWithAHostThatResolves(String url, String message) {
        TargetGuard.Refused refused = assertThrows(TargetGuard.Refused.class, () -> production.check(url));
        assertEquals(message, refused.getMessage());
    }

    @Test
    void developmentMayUsePlainHttp() throws Exception {
        TargetGuard dev = new TargetGuard(TargetGuardTest::resolve, List.of(), true);
        assertTrue(dev.check("http://hook.example.nl/h").url().getScheme().equals("http"));
    }
}
