package nl.sed.samen.feedback;

import io.quarkus.arc.All;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.sed.samen.common.Clock;
import nl.sed.samen.database.DatabaseFailures;
import nl.sed.samen.database.DatabaseReadiness;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends the queued mails of every {@link MailQueue} (feedback to residents, the panel's mails), one message per
 * transaction and never more than once. Any number of instances may run this at once. For each message: a short
 * transaction claims it ({@code FOR UPDATE SKIP LOCKED}, attempt counted) and commits; then it is handed to the mail
 * server with no transaction open; then a second short transaction records the outcome — sent (the queue forgets the
 * address), retry later (exponential back-off), or given up after the last attempt (the address is erased all the
 * same). If that record cannot be committed (tried twice), the claim runs out and the message is closed as unconfirmed
 * rather than sent again: a failure affects only the one message in flight, and a message the server accepted is never
 * re-sent.
 */
@ApplicationScoped
public class NotificationSender {

    private static final Logger LOG = Logger.getLogger(NotificationSender.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration LAST_RETRY = Duration.ofHours(6);

    private final List<MailQueue> queues;
    private final Mailer mailer;
    private final Clock clock;
    private final int batchSize;
    private final int maxAttempts;
    private final Duration claimTimeout;

    public NotificationSender(@All List<MailQueue> queues, Mailer mailer, Clock clock,
            @ConfigProperty(name = "samen.notifications.batch-size") int batchSize,
            @ConfigProperty(name = "samen.notifications.max-attempts") int maxAttempts,
            @ConfigProperty(name = "samen.notifications.claim-timeout") Duration claimTimeout) {
        this.queues = List.copyOf(queues);
        this.mailer = mailer;
        this.clock = clock;
        this.batchSize = batchSize;
        this.maxAttempts = maxAttempts;
        this.claimTimeout = claimTimeout;
    }

    @Scheduled(every = "${samen.notifications.interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = DatabaseReadiness.NotReady.class)
    void scheduled() {
        DatabaseFailures.runJob(LOG, "Sending queued mails", () -> {
            int sent = sendDue();
            if (sent > 0) {
                LOG.infof("Sent %d message(s)", sent);
            }
        });
    }

    /** Sends up to a batch of the messages of each queue that are due now, each in its own claim; returns how many. */
    public int sendDue() {
        int sent = 0;
        for (MailQueue queue : queues) {
            sent += sendDue(queue);
        }
        return sent;
    }

    private int sendDue(MailQueue queue) {
        closeExpiredClaims(queue);
        int sent = 0;
        for (int i = 0; i < batchSize; i++) {
            Instant now = clock.now();
            Optional<MailQueue.Claimed> claimed = QuarkusTransaction.requiringNew()
                    .call(() -> queue.claimNext(now, now.plus(claimTimeout)));
            if (claimed.isEmpty()) {
                break;
            }
            if (send(queue, claimed.get())) {
                sent++;
            }
        }
        return sent;
    }

    private boolean send(MailQueue queue, MailQueue.Claimed message) {
        String error = null;
        try {
            mailer.send(message.mail());
        } catch (RuntimeException e) {
            error = rootCause(e); // the class only: a server's message may quote the address
        }
        String outcome = error;
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> record(queue, message, outcome));
                return outcome == null;
            } catch (RuntimeException e) {
                LOG.warnf("Could not record the outcome of %s message %s (%s), try %d of 2", queue.name(),
                        message.id(), e.getClass().getSimpleName(), attempt);
            }
        }
        LOG.warnf("%s message %s stays claimed; it will be closed as unconfirmed, not sent again", queue.name(),
                message.id());
        return outcome == null;
    }

    private void record(MailQueue queue, MailQueue.Claimed message, String error) {
        Instant now = clock.now();
        if (error == null) {
            queue.sent(message, now);
        } else if (message.attempts() >= maxAttempts) {
            LOG.warnf("%s message %s failed %d times (%s); giving up and erasing the address", queue.name(),
                    message.id(), message.attempts(), error);
            queue.failed(message, error);
        } else {
            LOG.infof("%s message %s failed (%s); attempt %d of %d", queue.name(), message.id(), error,
                    message.attempts(), maxAttempts);
            queue.retryAt(message, error, now.plus(backoff(message.attempts())));
        }
    }

    private void closeExpiredClaims(MailQueue queue) {
        QuarkusTransaction.requiringNew().run(() -> {
            int closed = queue.closeExpiredClaims(clock.now());
            if (closed > 0) {
                LOG.warnf("Closed %d %s message(s) whose outcome was never recorded; not sent again", closed,
                        queue.name());
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
}
