package nl.sed.samen.panel;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.sed.samen.feedback.NotificationSender;
import nl.sed.samen.testsupport.Database;
import nl.sed.samen.testsupport.MailServer;

/**
 * Reads the panel's mails as a member would: waits (with a deadline) until the expected number arrived at the real
 * SMTP server — the scheduled sender runs too, so the state is awaited, not assumed — and takes links from the text.
 */
final class PanelMail {

    private PanelMail() {
    }

    /** The messages at this address once there are at least {@code count}; fails after a minute. */
    static List<MimeMessage> await(NotificationSender sender, String address, int count) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            // a send that failed for a passing reason (the test mail server on a loaded machine) is made due at once
            Database.execute("update panel_mail set next_attempt_at = now() where status = 'PENDING'");
            sender.sendDue();
            List<MimeMessage> messages = MailServer.to(address);
            if (messages.size() >= count) {
                return messages;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(count + " message(s) expected at " + address + ", " + messages.size()
                        + " arrived");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The newest message at this address once there are {@code count}. */
    static MimeMessage nth(NotificationSender sender, String address, int count) {
        return await(sender, address, count).get(count - 1);
    }

    /** The token after {@code #name=} in the message's text. */
    static String token(MimeMessage message, String name) {
        Matcher m = Pattern.compile("#" + name + "=([A-Za-z0-9_.-]+)").matcher(MailServer.text(message));
        if (!m.find()) {
            throw new AssertionError("no #" + name + "= link in: " + MailServer.text(message));
        }
        return m.group(1);
    }

    static String text(MimeMessage message) {
        return MailServer.text(message);
    }
}
