package nl.sed.samen.webhook;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import nl.sed.samen.audit.AuditLog;
import nl.sed.samen.common.Clock;
import nl.sed.samen.database.DatabaseFailures;
import nl.sed.samen.database.DatabaseReadiness;
import nl.sed.samen.security.Official;
import org.jboss.logging.Logger;

/**
 * Delivers the webhook outbox, one delivery per transaction, from any number of instances at once. For each: a short
 * transaction claims it ({@code FOR UPDATE SKIP LOCKED}) and commits; the target is resolved and checked
 * ({@link TargetGuard}) and the request posted to the checked address with no transaction open; a second short
 * transaction logs the attempt and records the outcome — delivered, retry later (30 s doubling, at most 24 h, with
 * jitter) or given up after the last attempt. Every retry carries the same {@code webhook-id} and body, signed anew with
 * the attempt's timestamp. A subscription that fails {@code disable-after} attempts in a row, or answers 410 Gone, is
 * disabled, and the audit log says so.
 */
@ApplicationScoped
public class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration LAST_RETRY = Duration.ofHours(24);
    /** The actor of what the service itself records in the audit log. */
    static final Official SERVICE = new Official("samen:webhooks", Set.of(), Set.of());

    private final WebhookOutbox outbox;
    private final WebhookRepository subscriptions;
    private final WebhookEvents events;
    private final TargetGuard guard;
    private final WebhookHttp http;
    private final AuditLog audit;
    private final Clock clock;
    private final WebhookSettings settings;

    public WebhookSender(WebhookOutbox outbox, WebhookRepository subscriptions, WebhookEvents events,
            TargetGuard guard, WebhookHttp http, AuditLog audit, Clock clock, WebhookSettings settings) {
        this.outbox = outbox;
        this.subscriptions = subscriptions;
        this.events = events;
        this.guard = guard;
        this.http = http;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
    }

    @Scheduled(every = "${samen.webhooks.interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = DatabaseReadiness.NotReady.class)
    void scheduled() {
        DatabaseFailures.runJob(LOG, "Delivering webhooks", () -> {
            int detected = events.detectByTime();
            if (detected > 0) {
                LOG.infof("Recorded %d webhook event(s) that happened by the clock", detected);
            }
            sendDue();
        });
    }

    /** Sends up to a batch of the deliveries due now, each in its own claim; returns how many were delivered. */
    public int sendDue() {
        int released = QuarkusTransaction.requiringNew().call(() -> outbox.releaseExpiredClaims(clock.now()));
        if (released > 0) {
            LOG.warnf("%d webhook delivery claim(s) ran out without an outcome; due again with the same id", released);
        }
        int delivered = 0;
        for (int i = 0; i < settings.batchSize(); i++) {
            Instant now = clock.now();
            Optional<WebhookOutbox.Claimed> claimed = QuarkusTransaction.requiringNew()
                    .call(() -> outbox.claimNext(now, now.plus(settings.claimTimeout())));
            if (claimed.isEmpty()) {
                break;
            }
            if (send(claimed.get())) {
                delivered++;
            }
        }
        return delivered;
    }

    /** What an attempt needs of its subscription, read in a short transaction of its own. */
    private record Endpoint(String url, java.util.List<String> secrets) {
    }

    private boolean send(WebhookOutbox.Claimed delivery) {
        Instant at = clock.now();
        Optional<Endpoint> endpoint = QuarkusTransaction.requiringNew().call(() -> subscriptions
                .findByIdOptional(delivery.subscriptionId())
                .map(s -> new Endpoint(s.url(), s.signingSecrets(at))));
        WebhookHttp.Outcome outcome;
        if (endpoint.isEmpty()) {
            return false; // deleted meanwhile: its deliveries went with it
        }
        try {
            TargetGuard.Target target = guard.check(endpoint.get().url());
            long timestamp = at.getEpochSecond();
            String id = delivery.id().toString();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("webhook-id", id);
            headers.put("webhook-timestamp", Long.toString(timestamp));
            headers.put("webhook-signature", Signatures.header(id, timestamp, delivery.body(), endpoint.get().secrets()));
            outcome = http.post(target, headers, delivery.body());
        } catch (TargetGuard.Refused refused) {
            outcome = new WebhookHttp.Outcome(null, 0, "refused: the target " + refused.getMessage(), null);
        }
        WebhookHttp.Outcome result = outcome;
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> record(delivery, at, result));
                return result.delivered();
            } catch (RuntimeException e) {
                LOG.warnf("Could not record the outcome of webhook delivery %s (%s), try %d of 2", delivery.id(),
                        e.getClass().getSimpleName(), attempt);
            }
        }
        LOG.warnf("Webhook delivery %s stays claimed; it is due again when its claim runs out", delivery.id());
        return result.delivered();
    }

    private void record(WebhookOutbox.Claimed delivery, Instant at, WebhookHttp.Outcome outcome) {
        Instant now = clock.now();
        outbox.log(delivery, at, outcome);
        if (outcome.delivered()) {
            outbox.delivered(delivery.id(), now);
            outbox.countSuccess(delivery.subscriptionId());
            return;
        }
        if (delivery.attempts() >= settings.maxAttempts()) {
            LOG.infof("Webhook delivery %s failed %d times; given up", delivery.id(), delivery.attempts());
            outbox.failed(delivery.id());
        } else {
            outbox.retryAt(delivery.id(), now.plus(backoff(delivery.attempts())));
        }
        int failures = outbox.countFailure(delivery.subscriptionId());
        boolean gone = outcome.status() != null && outcome.status() == 410;
        if ((gone || failures >= settings.disableAfter()) && outbox.disable(delivery.subscriptionId(), now)) {
            Map<String, Object> why = new LinkedHashMap<>();
            why.put("active", false);
            why.put("reason", gone ? "the receiver answered 410 Gone" : failures + " failed attempts in a row");
            audit.record(delivery.tenant(), SERVICE, "webhook.disabled", "webhook", delivery.subscriptionId(),
                    Map.of("active", true), why);
            LOG.infof("Webhook subscription %s disabled (%s)", delivery.subscriptionId(), why.get("reason"));
        }
    }

    /** 30 s, 1 min, 2 min, … doubling, at most 24 h; up to a tenth earlier, so retries of many do not come at once. */
    static Duration backoff(int attempts) {
        Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 20));
        if (delay.compareTo(LAST_RETRY) > 0) {
            delay = LAST_RETRY;
        }
        long jitter = (long) (delay.toMillis() * 0.1 * ThreadLocalRandom.current().nextDouble());
        return delay.minusMillis(jitter);
    }
}
