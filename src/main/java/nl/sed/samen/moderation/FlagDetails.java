package nl.sed.samen.moderation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What a flag keeps about the resident who made it (the client key that makes them count once, and their comment)
 * is needed only until a moderator has looked at the reaction. The reason and time stay, for the figures.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class FlagDetails {

    private final EntityManager entityManager;
    private final Duration retention;

    public FlagDetails(EntityManager entityManager,
            @ConfigProperty(name = "samen.retention.flag-details") Duration retention) {
        this.entityManager = entityManager;
        this.retention = retention;
    }

    /** The reaction was decided: its flags lose client key and comment. */
    public int forget(UUID reactionId) {
        return entityManager.createNativeQuery("update reaction_flag set client_key = null, comment = null "
                        + "where reaction_id = ?1 and (client_key is not null or comment is not null)")
                .setParameter(1, reactionId).executeUpdate();
    }

    /** Retention: flags older than {@code samen.retention.flag-details} lose client key and comment. */
    public int forgetPastRetention(Instant now) {
        return entityManager.createNativeQuery("update reaction_flag set client_key = null, comment = null "
                        + "where created_at < ?1 and (client_key is not null or comment is not null)")
                .setParameter(1, OffsetDateTime.ofInstant(now.minus(retention), ZoneOffset.UTC)).executeUpdate();
    }
}
