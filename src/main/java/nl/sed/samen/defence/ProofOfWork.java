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

    private static final String MISSING = "This request needs a solved proof-of-work challenge (header Altcha): get "
            + "one from the challengeUrl, solve it and send the request again.";
    private static final String INVALID = "The proof-of-work solution is not valid or has expired; solve a new "
            + "challenge.";
    private static final String HARDER = "Your network has sent many requests of this kind: this one needs a harder "
            + "challenge. Solve a new one from the challengeUrl.";
    private static final String USED = "This proof-of-work solution has been used already; solve a new challenge.";

    /**
     * Refuses the request (403, type proof-of-work-required, with the challenge URL) unless it carries an unused
     * solution of a challenge of at least one level below {@code level}; level 0 asks nothing. Only recording a used
     * solution touches the database, in a transaction of its own.
     */
    public void require(String tenant, int level, String payload) {
        if (level <= 0) {
            return;
        }
        Verified verified = verify(payload);
        if (verified.problem() != null) {
            throw refused(tenant, verified.problem());
        }
        if (verified.level() < Math.max(1, level - 1)) {
            throw refused(tenant, HARDER);
        }
        if (!use(verified.signature())) {
            throw refused(tenant, USED);
        }
    }

    /**
     * A request's solution as it came, for a write that learns the level it needs only in its own statement (a
     * ballot): the level it solves, 0 without a usable one, and then why not.
     */
    public record Presented(int level, String problem) {

        /** What satisfies any level: for a take whose caller checks the proof-of-work after it (RateLimits#take). */
        static final Presented ANY = new Presented(RateLimits.LEVELS, null);

        /** The 403 for a request whose allowance needs a harder solution than this one (or one, if it has none). */
        public ProblemException refusal(String tenant) {
            return refused(tenant, level == 0 ? problem : HARDER);
        }
    }

    /**
     * Checks the solution a request brought, if any, and uses it up when it is valid: a solution counts once, asked
     * for or not (a resident's widget sends one only when asked).
     */
    public Presented present(String payload) {
        if (payload == null || payload.isBlank()) {
            return new Presented(0, MISSING);
        }
        Verified verified = verify(payload);
        if (verified.problem() != null) {
            return new Presented(0, verified.problem());
        }
        if (verified.level() < 1) {
            return new Presented(0, HARDER);
        }
        return use(verified.signature()) ? new Presented(verified.level(), null) : new Presented(0, USED);
    }

    /** A solution checked: its level and signature, or the problem with it. */
    private record Verified(int level, String signature, String problem) {
    }

    private Verified verify(String payload) {
        if (payload == null || payload.isBlank() || payload.length() > 2000) {
            return new Verified(0, null, MISSING);
        }
        try {
            boolean valid = Altcha.verifySolution(payload, key(), true);
            JsonNode decoded = mapper.readTree(Base64.getDecoder().decode(payload.trim()));
            String signature = decoded.path("signature").asText(null);
            int level = Integer.parseInt(Altcha.extractParams(decoded.path("salt").asText(""))
                    .getOrDefault(LEVEL_PARAM, "0"));
            return valid && signature != null ? new Verified(level, signature, null) : new Verified(0, null, INVALID);
        } catch (Exception e) {
            return new Verified(0, null, INVALID);
        }
    }

    /** Records the solution as used, in a transaction of its own; false when it was used before. */
    private boolean use(String signature) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "insert into proof_of_work_used (signature, expires_at) values (?1, ?2) on conflict do nothing")
                .setParameter(1, signature)
                .setParameter(2, OffsetDateTime.ofInstant(clock.now().plus(lifetime).plusSeconds(60), ZoneOffset.UTC))
                .executeUpdate()) == 1;
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
