package nl.sed.samen.defence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.OffsetDateTime;
import nl.sed.samen.common.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.security.ServiceSecrets;
import org.altcha.altcha.Altcha;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * ALTCHA proof-of-work: a write that needs one carries a solved challenge (header {@code Altcha}, the base64 payload
 * the ALTCHA widget or {@code altcha-lib}'s solver produces). Solving costs a browser a moment and a script farm a lot;
 * nobody is tracked and no third party is involved. A solution is accepted once.
 *
 * <p>Challenges come in {@link RateLimits#LEVELS} levels, each twice the work of the one below; the level is signed
 * into the challenge's salt, so a solution of an easy challenge does not pass where a harder one is asked for (one
 * level below is accepted, for the residents whose neighbours raised the level between fetch and send).
 */
@ApplicationScoped
public class ProofOfWork {

    public static final String HEADER = "Altcha";
    private static final String LEVEL_PARAM = "level";

    private final ServiceSecrets secrets;
    private final EntityManager entityManager;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final long maxNumber;
    private final Duration lifetime;

    public ProofOfWork(ServiceSecrets secrets, EntityManager entityManager, ObjectMapper mapper, Clock clock,
            @ConfigProperty(name = "samen.proof-of-work.max-number") long maxNumber,
            @ConfigProperty(name = "samen.proof-of-work.lifetime") Duration lifetime) {
        this.secrets = secrets;
        this.entityManager = entityManager;
        this.mapper = mapper;
        this.clock = clock;
        this.maxNumber = maxNumber;
        this.lifetime = lifetime;
    }

    /** The work of a level: the largest number a solver may have to try (ALTCHA's maxnumber). */
    public long maxNumber(int level) {
        return maxNumber << (Math.max(1, Math.min(RateLimits.LEVELS, level)) - 1);
    }

    /** A challenge of this level in the ALTCHA widget's format. */
    public Altcha.Challenge challenge(int level) {
        int bounded = Math.max(1, Math.min(RateLimits.LEVELS, level));
        try {
            return Altcha.createChallenge(new Altcha.ChallengeOptions()
                    .setAlgorithm(Altcha.Algorithm.SHA256)
                    .setMaxNumber(maxNumber(bounded))
                    .setExpires(clock.now().plus(lifetime).getEpochSecond())
                    .addParam(LEVEL_PARAM, Integer.toString(bounded))
                    .setHmacKey(key()));
        } catch (Exception e) {
            throw new IllegalStateException("ALTCHA challenge could not be created", e);
        }
    }

    /**
     * Refuses the request (403, type proof-of-work-required, with the challenge URL) unless it carries an unused
     * solution of a challenge of at least one level below {@code level}; level 0 asks nothing. Only recording a used
     * solution touches the database, in a transaction of its own.
     */
    public void require(String tenant, int level, String payload) {
        if (level <= 0) {
            return;
        }
        if (payload == null || payload.isBlank() || payload.length() > 2000) {
            throw refused(tenant, "This request needs a solved proof-of-work challenge (header Altcha): get one "
                    + "from the challengeUrl, solve it and send the request again.");
        }
        boolean valid;
        String signature;
        int solvedLevel;
        try {
            valid = Altcha.verifySolution(payload, key(), true);
            JsonNode decoded = mapper.readTree(Base64.getDecoder().decode(payload.trim()));
            signature = decoded.path("signature").asText(null);
            solvedLevel = Integer.parseInt(Altcha.extractParams(decoded.path("salt").asText(""))
                    .getOrDefault(LEVEL_PARAM, "0"));
        } catch (Exception e) {
            valid = false;
            signature = null;
            solvedLevel = 0;
        }
        if (!valid || signature == null) {
            throw refused(tenant, "The proof-of-work solution is not valid or has expired; solve a new challenge.");
        }
        if (solvedLevel < Math.max(1, level - 1)) {
            throw refused(tenant, "Your network has sent many requests of this kind: this one needs a harder "
                    + "challenge. Solve a new one from the challengeUrl.");
        }
        String used = signature;
        int recorded = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "insert into proof_of_work_used (signature, expires_at) values (?1, ?2) on conflict do nothing")
                .setParameter(1, used)
                .setParameter(2, OffsetDateTime.ofInstant(clock.now().plus(lifetime).plusSeconds(60), ZoneOffset.UTC))
                .executeUpdate());
        if (recorded == 0) {
            throw refused(tenant, "This proof-of-work solution has been used already; solve a new challenge.");
        }
    }

    /** Where a client gets a challenge: the path of {@link ProofOfWorkResource} for this tenant. */
    public static String challengeUrl(String tenant) {
        return "/api/v1/tenants/" + tenant + "/proof-of-work";
    }

    private String key() {
        return HexFormat.of().formatHex(secrets.get("proof-of-work-key"));
    }

    private static ProblemException refused(String tenant, String detail) {
        return ProblemException.proofOfWorkRequired(detail, challengeUrl(tenant));
    }
}
