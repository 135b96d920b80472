package nl.sed.samen.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How webhooks are delivered: pace, retries, limits and which target addresses an operator allows. */
@ConfigMapping(prefix = "samen.webhooks")
public interface WebhookSettings {

    /** How often each instance looks for due deliveries and for polls and consultations that opened or closed by time. */
    @WithDefault("5s")
    Duration interval();

    /** Deliveries one run sends at most (each in its own claim). */
    @WithDefault("50")
    int batchSize();

    /** Attempts of one delivery before it is given up (back-off doubles from 30 s up to 24 h). */
    @WithDefault("15")
    int maxAttempts();

    /** A subscription is disabled after this many failed attempts in a row (any of its deliveries). */
    @WithDefault("20")
    int disableAfter();

    /** A claim whose outcome was not recorded within this time is due again (at least once: same webhook-id). */
    @WithDefault("PT2M")
    Duration claimTimeout();

    @WithDefault("5s")
    Duration connectTimeout();

    /** From sending the request to the end of the (truncated) response. */
    @WithDefault("10s")
    Duration requestTimeout();

    /** How long the previous secret still signs after a rotation, unless the rotation asks for less. */
    @WithDefault("PT24H")
    Duration rotationOverlap();

    /** Plain http targets (dev and test only; production requires https). */
    @WithDefault("false")
    boolean allowHttp();

    /**
     * CIDR ranges a target may resolve into although they are loopback, private, link-local, ... (dev, tests, or an
     * operator's own network). Empty in production.
     */
    Optional<List<String>> allowedNetworks();

    /** How much of a receiver's response body the delivery log keeps. */
    @WithDefault("500")
    int responseExcerpt();
}
