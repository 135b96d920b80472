package nl.sed.samen.webhook;

import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.sed.samen.audit.AuditLog;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.Keyset;
import nl.sed.samen.common.PageRequest;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.Slice;
import nl.sed.samen.participation.Scopes;
import nl.sed.samen.participation.Viewer;
import nl.sed.samen.security.Official;
import nl.sed.samen.security.Role;

/** A tenant's webhook subscriptions (admin): saving them with a checked target, secrets, test events, the log. */
@ApplicationScoped
@Transactional
public class WebhookService {

    private final WebhookRepository subscriptions;
    private final WebhookOutbox outbox;
    private final WebhookEvents events;
    private final TargetGuard guard;
    private final Scopes scopes;
    private final AuditLog audit;
    private final Clock clock;
    private final WebhookSettings settings;

    public WebhookService(WebhookRepository subscriptions, WebhookOutbox outbox, WebhookEvents events,
            TargetGuard guard, Scopes scopes, AuditLog audit, Clock clock, WebhookSettings settings) {
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.events = events;
        this.guard = guard;
        this.scopes = scopes;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
    }

    /** The new subscription, with its secret (shown this once). */
    public WebhookResponse create(Viewer viewer, WebhookRequests.Create request) {
        Official official = viewer.requireRole(Role.ADMIN);
        String tenant = scopes.tenant(viewer.tenant()).tenant().slug();
        requireTarget(request.url());
        WebhookSubscription subscription = WebhookSubscription.create(tenant, request.url(),
                distinct(request.eventTypes()), blankToNull(request.description()),
                request.active() == null || request.active(), clock.now());
        subscriptions.persist(subscription);
        WebhookResponse created = WebhookResponse.from(subscription);
        audit.record(tenant, official, "webhook.created", "webhook", subscription.id(), null, created);
        return created.withSecret(subscription.secret());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Slice<WebhookSubscription> list(Viewer viewer, PageRequest page) {
        viewer.requireRole(Role.ADMIN);
        String tenant = scopes.tenant(viewer.tenant()).tenant().slug();
        return page.slice(Keyset.newestFirst(subscriptions, "tenant = :tenant", Parameters.with("tenant", tenant),
                "createdAt", page), s -> new PageRequest.Position(s.createdAt(), s.id()));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public WebhookSubscription get(Viewer viewer, UUID id) {
        viewer.requireRole(Role.ADMIN);
        return require(viewer.tenant(), id);
    }

    public WebhookSubscription update(Viewer viewer, UUID id, WebhookRequests.Update request) {
        Official official = viewer.requireRole(Role.ADMIN);
        WebhookSubscription subscription = require(viewer.tenant(), id);
        if (request.url() != null) {
            requireTarget(request.url());
        }
        WebhookResponse before = WebhookResponse.from(subscription);
        if (subscription.change(request.url(), request.eventTypes() == null ? null : distinct(request.eventTypes()),
                request.description(), request.active(), clock.now())) {
            subscriptions.flush();
            audit.record(viewer.tenant(), official, "webhook.updated", "webhook", id, before,
                    WebhookResponse.from(subscription));
        }
        return subscription;
    }

    /** Deletes the subscription with its deliveries and their log. */
    public void delete(Viewer viewer, UUID id) {
        Official official = viewer.requireRole(Role.ADMIN);
        WebhookSubscription subscription = require(viewer.tenant(), id);
        WebhookResponse before = WebhookResponse.from(subscription);
        subscriptions.delete(subscription);
        audit.record(viewer.tenant(), official, "webhook.deleted", "webhook", id, before, null);
    }

    /** A new secret (returned this once); the previous one signs too for the overlap. */
    public WebhookResponse rotate(Viewer viewer, UUID id, WebhookRequests.Rotate request) {
        Official official = viewer.requireRole(Role.ADMIN);
        WebhookSubscription subscription = require(viewer.tenant(), id);
        Duration overlap = request == null || request.overlapMinutes() == null ? settings.rotationOverlap()
                : Duration.ofMinutes(request.overlapMinutes());
        WebhookResponse before = WebhookResponse.from(subscription);
        String secret = subscription.rotate(overlap, clock.now());
        subscriptions.flush();
        WebhookResponse after = WebhookResponse.from(subscription);
        audit.record(viewer.tenant(), official, "webhook.secret-rotated", "webhook", id, before, after);
        return after.withSecret(secret);
    }

    /** Queues a {@code webhook.test} event for this subscription only; returns its delivery id (its webhook-id). */
    public UUID sendTest(Viewer viewer, UUID id) {
        Official official = viewer.requireRole(Role.ADMIN);
        WebhookSubscription subscription = require(viewer.tenant(), id);
        if (!subscription.active()) {
            throw ProblemException.conflict("This subscription is not active; activate it first.");
        }
        Instant now = clock.now();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tenant", subscription.tenant());
        data.put("webhook", Map.of("id", subscription.id()));
        UUID delivery = outbox.single(subscription, EventType.TEST, events.envelope(EventType.TEST, now, data), now);
        audit.record(viewer.tenant(), official, "webhook.test-sent", "webhook", id, null,
                Map.of("deliveryId", delivery));
        return delivery;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Slice<WebhookOutbox.Attempt> attempts(Viewer viewer, UUID id, PageRequest page) {
        viewer.requireRole(Role.ADMIN);
        require(viewer.tenant(), id);
        List<WebhookOutbox.Attempt> rows = outbox.attempts(id, page.after() == null ? null : page.after().time(),
                page.after() == null ? null : page.after().id(), page.fetchSize());
        return page.slice(rows, a -> new PageRequest.Position(a.attemptedAt(), a.id()));
    }

    /** Makes a delivery due again now, with the same webhook-id and body. */
    public void redeliver(Viewer viewer, UUID id, UUID deliveryId) {
        Official official = viewer.requireRole(Role.ADMIN);
        require(viewer.tenant(), id);
        if (!outbox.deliveryExists(id, deliveryId)) {
            throw ProblemException.notFound("This subscription has no such delivery.");
        }
        if (!outbox.redeliver(id, deliveryId, clock.now())) {
            throw ProblemException.conflict("This delivery is being sent right now.");
        }
        audit.record(viewer.tenant(), official, "webhook.redelivered", "webhook", id, null,
                Map.of("deliveryId", deliveryId));
    }

    private WebhookSubscription require(String tenant, UUID id) {
        scopes.tenant(tenant);
        return subscriptions.find("id = ?1 and tenant = ?2", id, tenant).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("There is no such webhook subscription."));
    }

    private void requireTarget(String url) {
        try {
            guard.check(url);
        } catch (TargetGuard.Refused refused) {
            throw ProblemException.invalidField("url", refused.getMessage());
        }
    }

    private static Set<EventType> distinct(List<EventType> types) {
        Set<EventType> set = new HashSet<>(types);
        if (set.size() != types.size()) {
            throw ProblemException.invalidField("eventTypes", "an event type is listed twice");
        }
        return set;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
