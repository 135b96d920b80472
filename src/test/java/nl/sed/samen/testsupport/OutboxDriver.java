package nl.sed.samen.testsupport;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import nl.sed.samen.feedback.NotificationSender;

/**
 * Drives the feedback outbox in a test to a settled state. The service's own scheduled sender runs beside the test (as
 * a second instance would), so a message may be claimed and in flight on another thread when the test looks: a test
 * does not assume it is the only sender, it sends and waits, with a deadline, until what it expects has happened.
 */
public final class OutboxDriver {

    private static final Duration DEADLINE = Duration.ofSeconds(120);

    private OutboxDriver() {
    }

    /**
     * Sends what is due until {@code settled} holds. A message of this consultation that failed for a passing reason (the
     * test mail server on a loaded machine) would wait out its back-off; it is made due at once, so what a test checks
     * is "sent once", not the back-off.
     */
    public static void sendUntil(NotificationSender sender, String consultation, BooleanSupplier settled) {
        await("the feedback outbox of " + consultation + " settles").atMost(DEADLINE)
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    Database.execute("update notification set next_attempt_at = now() where consultation_id = '"
                            + consultation + "' and status = 'PENDING'");
                    sender.sendDue();
                    return settled.getAsBoolean();
                });
    }

    public static long count(String consultation, String status) {
        return Database.count("select count(*) from notification where consultation_id = '" + consultation
                + "' and status = '" + status + "'");
    }
}
