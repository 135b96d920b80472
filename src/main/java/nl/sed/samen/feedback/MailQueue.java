package nl.sed.samen.feedback;

import io.quarkus.mailer.Mail;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A table of mails waiting to be sent, as {@link NotificationSender} works it: claim one due message in a short
 * transaction of its own ({@code FOR UPDATE SKIP LOCKED}, attempt counted, claimed until a deadline), send it with no
 * transaction open, record the outcome in another. Every method but {@link #name} runs inside the transaction the
 * sender opens. Feedback to residents ({@link FeedbackMails}) is one queue, the panel's mails another; the rules of
 * sending (never twice, back-off, give up, close a claim whose outcome was lost) are the sender's, once.
 */
public interface MailQueue {

    /** A claimed message: the mail to send, and what the queue needs to record its outcome. */
    record Claimed(UUID id, int attempts, Mail mail, Object context) {
    }

    /** For log lines. */
    String name();

    /** Claims the next due message (skipping those another instance holds) until {@code until}. */
    Optional<Claimed> claimNext(Instant now, Instant until);

    /** Sent: the address goes wherever the queue kept it for this message. */
    void sent(Claimed message, Instant now);

    /** Given up after the last attempt: the address goes all the same. */
    void failed(Claimed message, String error);

    /** To be tried again at {@code next}. */
    void retryAt(Claimed message, String error, Instant next);

    /**
     * Closes claims that ran out without an outcome (an instance died while sending, or the database refused to
     * record it): the mail server may have accepted the message, so it is not sent again. Returns how many.
     */
    int closeExpiredClaims(Instant now);
}
