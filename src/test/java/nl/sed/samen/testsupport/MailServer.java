package nl.sed.samen.testsupport;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A real SMTP server for the whole suite (GreenMail on a free port): the service's mailer delivers to it over the
 * network, and tests read what arrived — recipients, subject, headers, text — as a resident's mail client would.
 */
public class MailServer implements QuarkusTestResourceLifecycleManager {

    /** The base URL the service puts in links in mails during tests. */
    public static final String PUBLIC_BASE_URL = "https://samen.test.example";

    private static GreenMail server;

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            server = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return Map.of("quarkus.mailer.mock", "false", "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(server.getSmtp().getPort()),
                "samen.public-base-url", PUBLIC_BASE_URL,
                // GreenMail closes idle connections; a pooled one would fail the next message once (then be retried)
                "quarkus.mailer.keep-alive", "false");
    }

    @Override
    public void stop() {
        // kept for the next test class; stopped when the JVM exits
    }

    /** Every message the server received for this address so far (case-insensitive). */
    public static List<MimeMessage> to(String address) {
        return Arrays.stream(server.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(r -> r.toString().equalsIgnoreCase(address));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** The text of a plain-text message, decoded from its transfer encoding (UTF-8). */
    public static String text(MimeMessage message) {
        try {
            String encoding = message.getEncoding();
            try (var raw = message.getRawInputStream();
                 var decoded = encoding == null ? raw : MimeUtility.decode(raw, encoding)) {
                return new String(decoded.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String header(MimeMessage message, String name) {
        try {
            return message.getHeader(name, null);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The path of the one-click unsubscribe link (under /api/v1) from a message's List-Unsubscribe header. */
    public static String unsubscribePath(MimeMessage message) {
        String header = header(message, "List-Unsubscribe");
        if (header == null || !header.startsWith("<" + PUBLIC_BASE_URL + "/api/v1/") || !header.endsWith(">")) {
            throw new AssertionError("no one-click unsubscribe link in " + header);
        }
        return header.substring(("<" + PUBLIC_BASE_URL + "/api/v1").length(), header.length() - 1);
    }
}
