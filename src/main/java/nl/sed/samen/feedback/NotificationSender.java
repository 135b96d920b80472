package nl.sed.samen.feedback;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.PlainText;
import nl.sed.samen.common.PublicAddress;
import nl.sed.samen.reaction.AddressKeys;
import nl.sed.samen.reaction.ReactionRepository;
import nl.sed.samen.database.DatabaseFailures;
import nl.sed.samen.database.DatabaseReadiness;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends the queued feedback messages, one message per transaction and never more than once. Any number of instances
 * may run this at once. For each message: a short transaction claims it ({@code FOR UPDATE SKIP LOCKED}, status
 * SENDING, attempt counted) and commits; then it is handed to the mail server with no transaction open; then a second
 * short transaction records the outcome — sent (the address leaves the message and the consultation's reactions),
 * retry later (exponential back-off), or given up after the last attempt (the address is erased all the same). If that
 * record cannot be committed (tried twice), the claim runs out and the message is closed as UNCONFIRMED rather than
 * sent again: a failure affects only the one message in flight, and a message the server accepted is never re-sent.
 */
@ApplicationScoped
public class NotificationSender {

    private static final Logger LOG = Logger.getLogger(NotificationSender.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration LAST_RETRY = Duration.ofHours(6);
    private static final int SUBJECT_TITLE_LENGTH = 150;

    private final Outbox outbox;
    private final ReactionRepository reactions;
    private final AddressKeys addressKeys;
    private final Mailer mailer;
    private final Clock clock;
    private final int batchSize;
    private final int maxAttempts;
    private final Duration claimTimeout;
    private final PublicAddress publicAddress;

    public NotificationSender(Outbox outbox, ReactionRepository reactions, AddressKeys addressKeys, Mailer mailer,
            Clock clock, @ConfigProperty(name = "samen.notifications.batch-size") int batchSize,
            @ConfigProperty(name = "samen.notifications.max-attempts") int maxAttempts,
            @ConfigProperty(name = "samen.notifications.claim-timeout") Duration claimTimeout,
            PublicAddress publicAddress) {
        this.outbox = outbox;
        this.reactions = reactions;
        this.addressKeys = addressKeys;
        this.mailer = mailer;
        this.clock = clock;
        this.batchSize = batchSize;
        this.maxAttempts = maxAttempts;
        this.claimTimeout = claimTimeout;
        this.publicAddress = publicAddress;
    }

    @Scheduled(every = "${samen.notifications.interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = DatabaseReadiness.NotReady.class)
    void scheduled() {
        DatabaseFailures.runJob(LOG, "Sending feedback messages", () -> {
            int sent = sendDue();
            if (sent > 0) {
                LOG.infof("Sent %d feedback message(s)", sent);
            }
        });
    }

    /** Sends up to a batch of the messages that are due now, each in its own claim; returns how many were sent. */
    public int sendDue() {
        closeExpiredClaims();
        int sent = 0;
        for (int i = 0; i < batchSize; i++) {
            Instant now = clock.now();
            Optional<Outbox.Claimed> claimed = QuarkusTransaction.requiringNew()
                    .call(() -> outbox.claimNext(now, now.plus(claimTimeout)));
            if (claimed.isEmpty()) {
                break;
            }
            if (send(claimed.get())) {
                sent++;
            }
        }
        return sent;
    }

    private boolean send(Outbox.Claimed message) {
        String error = null;
        try {
            mailer.send(message(message));
        } catch (RuntimeException e) {
            error = rootCause(e); // the class only: a server's message may quote the address
        }
        String outcome = error;
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> record(message, outcome));
                return outcome == null;
            } catch (RuntimeException e) {
                LOG.warnf("Could not record the outcome of feedback message %s (%s), try %d of 2", message.id(),
                        e.getClass().getSimpleName(), attempt);
            }
        }
        LOG.warnf("Feedback message %s stays claimed; it will be closed as unconfirmed, not sent again", message.id());
        return outcome == null;
    }

    private void record(Outbox.Claimed message, String error) {
        Instant now = clock.now();
        if (error == null) {
            outbox.sent(message.id(), now);
            eraseAddress(message);
        } else if (message.attempts() >= maxAttempts) {
            LOG.warnf("Feedback message %s failed %d times (%s); giving up and erasing the address", message.id(),
                    message.attempts(), error);
            outbox.failed(message.id(), error);
            eraseAddress(message);
        } else {
            LOG.infof("Feedback message %s failed (%s); attempt %d of %d", message.id(), error, message.attempts(),
                    maxAttempts);
            outbox.retryAt(message.id(), error, now.plus(backoff(message.attempts())));
        }
    }

    private void eraseAddress(Outbox.Claimed message) {
        if (message.emailKey() == null) {
            reactions.keyLegacyAddresses(message.consultationId());
        }
        reactions.eraseAddress(message.consultationId(), keyOf(message));
    }

    /** Messages queued before addresses were keyed have no key; they get it here. */
    private String keyOf(Outbox.Claimed message) {
        return message.emailKey() != null ? message.emailKey() : addressKeys.key(message.tenant(), message.email());
    }

    private void closeExpiredClaims() {
        QuarkusTransaction.requiringNew().run(() -> {
            List<Object[]> closed = outbox.closeExpiredClaims(clock.now());
            for (Object[] row : closed) {
                if (row[1] != null) {
                    reactions.eraseAddress((UUID) row[0], (String) row[1]);
                }
            }
            if (!closed.isEmpty()) {
                LOG.warnf("Closed %d feedback message(s) whose outcome was never recorded; not sent again",
                        closed.size());
            }
        });
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        for (int depth = 0; cause.getCause() != null && cause.getCause() != cause && depth < 10; depth++) {
            cause = cause.getCause();
        }
        return cause == e ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + cause.getClass().getSimpleName();
    }

    /** 30 s, 1 min, 2 min, … doubling, at most 6 h. */
    static Duration backoff(int attempts) {
        Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 20));
        return delay.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : delay;
    }

    /** The one-click unsubscribe address (RFC 8058) for this message's recipient. */
    String unsubscribeUrl(String tenant, String emailKey) {
        return publicAddress.of(tenant) + "/api/v1/tenants/" + tenant + "/unsubscribe/" + addressKeys.unsubscribeToken(tenant, emailKey);
    }

    private Mail message(Outbox.Claimed m) {
        StringBuilder text = new StringBuilder()
                .append("Beste deelnemer,\n\n")
                .append("U reageerde op de raadpleging \"").append(m.title()).append("\" van de gemeente ")
                .append(m.municipality()).append(". Dit is wat er met de inbreng is gedaan.\n\n")
                .append("Wat we hoorden:\n").append(m.summary()).append("\n\n")
                .append("Het besluit").append(m.decidedBy() == null ? "" : " (" + m.decidedBy() + ")").append(":\n")
                .append(m.decision()).append("\n\n");
        if (m.changes() != null && !m.changes().isBlank()) {
            text.append("Wat er veranderde door uw inbreng:\n").append(m.changes()).append("\n\n");
        }
        text.append("Dank voor uw bijdrage. Uw e-mailadres is na het versturen van dit bericht verwijderd.\n\n")
                .append("Gemeente ").append(m.municipality()).append("\n");
        return Mail.withText(m.email(), "Terugkoppeling: " + PlainText.Lines.oneLine(m.title(), SUBJECT_TITLE_LENGTH),
                        text.toString())
                .addHeader("List-Unsubscribe", "<" + unsubscribeUrl(m.tenant(), keyOf(m)) + ">")
                .addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }
}
