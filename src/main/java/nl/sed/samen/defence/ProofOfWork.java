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
import java.util.Map;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.ProblemType;
import nl.sed.samen.security.ServiceSecrets;
import nl.sed.samen.tenancy.Tenant;
import org.altcha.altcha.Altcha;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * ALTCHA proof-of-work: a tenant can require that voter-token and reaction requests carry a solved challenge (header
 * {@code Altcha}, the base64 payload the ALTCHA widget produces). Solving costs a browser a moment and a script farm a
 * lot; nobody is tracked and no third party is involved. A solution is accepted once.
 */
@ApplicationScoped
public class ProofOfWork {

    public static final String HEADER = "Altcha";

    private final ServiceSecrets secrets;
    private final EntityManager entityManager;
    private final ObjectMapper mapper;
    private final long maxNumber;
    private final Duration lifetime;
    private final Clock clock;

    public ProofOfWork(ServiceSecrets secrets, EntityManager entityManager, ObjectMapper mapper, Clock clock,
            @ConfigProperty(name = "samen.proof-of-work.max-number") long maxNumber,
            @ConfigProperty(name = "samen.proof-of-work.lifetime") Duration lifetime) {
        this.clock = clock;
        this.secrets = secrets;
        this.entityManager = entityManager;
        this.mapper = mapper;
        this.maxNumber = maxNumber;
        this.lifetime = lifetime;
    }

    /** A challenge in the ALTCHA widget's format. */
    public Altcha.Challenge challenge() {
        try {
            return Altcha.createChallenge(new Altcha.ChallengeOptions()
                    .setAlgorithm(Altcha.Algorithm.SHA256)
                    .setMaxNumber(maxNumber)
                    // the expiry from the service's clock (the library's own reads the system clock)
                    .setExpires(clock.now().plus(lifetime).getEpochSecond())
                    .setHmacKey(key()));
        } catch (Exception e) {
            throw new IllegalStateException("ALTCHA challenge could not be created", e);
        }
    }

    /**
     * Refuses the request (403) when the tenant requires proof-of-work and the solution is missing, wrong or reused.
     * Only recording a used solution touches the database, in a transaction of its own; a tenant that requires nothing
     * costs nothing.
     */
    public void require(Tenant tenant, String payload) {
        if (!tenant.proofOfWorkRequired()) {
            return;
        }
        if (payload == null || payload.isBlank() || payload.length() > 2000) {
            throw refused("This municipality asks for a solved proof-of-work challenge (header Altcha); get one "
                    + "from GET /api/v1/tenants/" + tenant.slug() + "/proof-of-work.");
        }
        boolean valid;
        String signature;
        try {
            valid = Altcha.verifySolution(payload, key(), true);
            JsonNode decoded = mapper.readTree(Base64.getDecoder().decode(payload.trim()));
            signature = decoded.path("signature").asText(null);
        } catch (Exception e) {
            valid = false;
            signature = null;
        }
        if (!valid || signature == null) {
            throw refused("The proof-of-work solution is not valid or has expired.");
        }
        String used = signature;
        int recorded = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "insert into proof_of_work_used (signature, expires_at) values (?1, ?2) on conflict do nothing")
                .setParameter(1, used)
                .setParameter(2, OffsetDateTime.ofInstant(clock.now(), ZoneOffset.UTC).plus(lifetime).plusMinutes(1))
                .executeUpdate());
        if (recorded == 0) {
            throw refused("This proof-of-work solution has been used already; solve a new challenge.");
        }
    }

    private String key() {
        return HexFormat.of().formatHex(secrets.get("proof-of-work-key"));
    }

    private static ProblemException refused(String detail) {
        return new ProblemException(ProblemType.FORBIDDEN, detail, null, Map.of());
    }
}
