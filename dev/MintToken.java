import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Collectors;

/**
 * Mints a development token for an official, signed with the committed development key (dev/jwt/private-key.pem),
 * which only the dev profile trusts. Needs nothing but a JDK:
 *
 *   java dev/MintToken.java enkhuizen editor            # one tenant, one role
 *   java dev/MintToken.java 'enkhuizen,drechterland' editor,moderator
 *   java dev/MintToken.java '*' admin --minutes 120     # all tenants
 *
 * With -Dkey=FILE it signs with another private key (PKCS#8 PEM). For anything beyond your own machine (compose, the
 * rehearsal, the benchmark) make a key pair of your own, which the packaged service accepts (it refuses the
 * development key):
 *
 *   java dev/MintToken.java --new-key-pair DIR           # DIR/private-key.pem and DIR/public-key.pem (RSA 2048)
 */
public class MintToken {

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--new-key-pair")) {
            newKeyPair(Path.of(args[1]));
            return;
        }
        if (args.length < 2) {
            System.err.println("usage: java dev/MintToken.java <tenant[,tenant…]|*> <role[,role…]> [--minutes N] [--sub NAME]");
            System.exit(2);
        }
        long minutes = 60;
        String subject = "dev-official";
        for (int i = 2; i < args.length - 1; i++) {
            if (args[i].equals("--minutes")) {
                minutes = Long.parseLong(args[i + 1]);
            } else if (args[i].equals("--sub")) {
                subject = args[i + 1];
            }
        }
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"https://samen.dev.local/issuer\",\"aud\":\"samen-api\",\"sub\":\"" + subject + "\","
                + "\"upn\":\"" + subject + "\",\"iat\":" + now + ",\"exp\":" + (now + minutes * 60) + ","
                + "\"groups\":" + jsonArray(args[1]) + ",\"tenants\":" + jsonArray(args[0]) + "}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String unsigned = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(privateKey(Path.of(System.getProperty("key", "dev/jwt/private-key.pem"))));
        signature.update(unsigned.getBytes(StandardCharsets.US_ASCII));
        System.out.println(unsigned + "." + b64.encodeToString(signature.sign()));
    }

    private static void newKeyPair(Path directory) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("private-key.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(directory.resolve("public-key.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        System.err.println("wrote " + directory.resolve("private-key.pem") + " and " + directory.resolve("public-key.pem"));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static String jsonArray(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> "\"" + s.replace("\"", "") + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    private static PrivateKey privateKey(Path pem) throws Exception {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
