package nl.sed.samen.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A tenant's subscription: where to post which events, and the secret(s) to sign them with. The secret is shown once,
 * when it is made; during a rotation the previous one signs too until its overlap ends.
 */
@Entity
@Table(name = "webhook_subscription")
public class WebhookSubscription {

    @Id
    private UUID id;

    @Column(name = "tenant_slug")
    private String tenant;

    private String url;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "event_types")
    private String[] eventTypes;

    private String description;

    private boolean active;

    private String secret;

    @Column(name = "previous_secret")
    private String previousSecret;

    @Column(name = "previous_secret_until")
    private Instant previousSecretUntil;

    @Column(name = "consecutive_failures")
    private int consecutiveFailures;

    @Column(name = "disabled_at")
    private Instant disabledAt;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Version
    private long version;

    protected WebhookSubscription() {
    }

    static WebhookSubscription create(String tenant, String url, Set<EventType> types, String description,
            boolean active, Instant now) {
        WebhookSubscription s = new WebhookSubscription();
        s.id = UUID.randomUUID();
        s.tenant = tenant;
        s.url = url;
        s.eventTypes = wire(types);
        s.description = description;
        s.active = active;
        s.secret = Signatures.newSecret();
        s.createdAt = now;
        s.updatedAt = now;
        return s;
    }

    /** Applies what changes (null: unchanged); returns whether anything did. Re-activating clears the failure count. */
    boolean change(String newUrl, Set<EventType> types, String newDescription, Boolean newActive, Instant now) {
        boolean changed = false;
        if (newUrl != null && !newUrl.equals(url)) {
            url = newUrl;
            changed = true;
        }
        if (types != null && !Set.copyOf(types).equals(eventTypes())) {
            eventTypes = wire(types);
            changed = true;
        }
        if (newDescription != null && !newDescription.equals(description)) {
            description = newDescription.isEmpty() ? null : newDescription;
            changed = true;
        }
        if (newActive != null && newActive != active) {
            active = newActive;
            if (active) {
                consecutiveFailures = 0;
                disabledAt = null;
            }
            changed = true;
        }
        if (changed) {
            updatedAt = now;
        }
        return changed;
    }

    /** A new secret; the current one keeps signing for {@code overlap} (zero: it stops at once). Returns the new one. */
    String rotate(Duration overlap, Instant now) {
        if (overlap.isZero()) {
            previousSecret = null;
            previousSecretUntil = null;
        } else {
            previousSecret = secret;
            previousSecretUntil = now.plus(overlap);
        }
        secret = Signatures.newSecret();
        updatedAt = now;
        return secret;
    }

    /** The secrets that sign now: the current one first, then the previous one while its overlap lasts. */
    List<String> signingSecrets(Instant now) {
        List<String> secrets = new ArrayList<>(List.of(secret));
        if (previousSecret != null && previousSecretUntil != null && now.isBefore(previousSecretUntil)) {
            secrets.add(previousSecret);
        }
        return secrets;
    }

    private static String[] wire(Set<EventType> types) {
        return types.stream().sorted().map(EventType::wire).toArray(String[]::new);
    }

    public Set<EventType> eventTypes() {
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        Arrays.stream(eventTypes).forEach(t -> EventType.fromWire(t).ifPresent(types::add));
        return types;
    }

    public UUID id() {
        return id;
    }

    public String tenant() {
        return tenant;
    }

    public String url() {
        return url;
    }

    public String description() {
        return description;
    }

    public boolean active() {
        return active;
    }

    String secret() {
        return secret;
    }

    public Instant previousSecretUntil() {
        return previousSecret == null ? null : previousSecretUntil;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    public Instant disabledAt() {
        return disabledAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
