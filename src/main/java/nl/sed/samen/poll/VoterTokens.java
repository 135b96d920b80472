package nl.sed.samen.poll;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.ProblemType;
import nl.sed.samen.security.ServiceSecrets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Anonymous voter tokens: a random id, the tenant and an expiry, signed with the service's own key. Nothing is stored
 * when a token is issued and nothing about the caller goes into it; the id is what the database keeps unique per poll,
 * so one token votes once in each poll. A participation token (issued for a used panel invitation) also names the one
 * consultation it admits to; it is just as random, and nothing links it to the invitation it was issued for.
 */
@ApplicationScoped
public class VoterTokens {

    static final String HEADER = "Voter-Token";
    private static final String VERSION = "v1";
    private static final String PANEL_VERSION = "p1";

    private final ServiceSecrets secrets;
    private final Clock clock;
    private final Duration lifetime;

    public VoterTokens(ServiceSecrets secrets, Clock clock,
            @ConfigProperty(name = "samen.voter-tokens.lifetime", defaultValue = "P1D") Duration lifetime) {
        this.secrets = secrets;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** A verified token: which voter (for uniqueness) and until when. */
    /** {@code tenant}: the tenant that issued the token (null in tests of the rules: not checked). */
    public record Voter(String id, Instant expiresAt, UUID consultationId, String tenant) {

        public Voter(String id, Instant expiresAt) {
            this(id, expiresAt, null, null);
        }

        public Voter(String id, Instant expiresAt, UUID consultationId) {
            this(id, expiresAt, consultationId, null);
        }

        /** Whether this is a panel invitation's participation token for this consultation. */
        public boolean admitsTo(UUID consultation) {
            return consultationId != null && consultationId.equals(consultation);
        }

        /** The ballot key this token votes under (a code votes under its hash instead). */
        String ballotKey() {
            return "token:" + id;
        }
    }

    public record Issued(String token, Instant expiresAt) {
    }

    public Issued issue(String tenant) {
        Instant expiresAt = clock.now().plus(lifetime).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String payload = VERSION + "." + tenant + "." + UUID.randomUUID() + "." + expiresAt.getEpochSecond();
        String encoded = base64(payload.getBytes(StandardCharsets.UTF_8));
        return new Issued(encoded + "." + base64(sign(encoded)), expiresAt);
    }

    /**
     * A participation token for one panel consultation, valid until {@code expiresAt}: what a used invitation gives.
     * Its id is fresh and random; it is not stored, so no row links the votes and reactions made with it to the
     * invitation or the member.
     */
    public Issued issueForConsultation(String tenant, UUID consultationId, Instant expiresAt) {
        Instant expiry = expiresAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String payload = PANEL_VERSION + "." + tenant + "." + UUID.randomUUID() + "." + expiry.getEpochSecond() + "."
                + consultationId;
        String encoded = base64(payload.getBytes(StandardCharsets.UTF_8));
        return new Issued(encoded + "." + base64(sign(encoded)), expiry);
    }

    /**
     * The voter behind a token sent under this tenant's path; a missing, forged or expired token is a 401. The token
     * may have been issued by another tenant ({@link Voter#tenant}): whether it counts is the scope's question, since
     * a joint project takes the tokens of every municipality taking part ({@code ParticipationScope#requireVisibleTo}).
     */
    public Voter verify(String tenant, String token) {
        if (token == null || token.isBlank()) {
            throw invalid("A voter token is required: get one with POST /api/v1/tenants/" + tenant + "/voter-tokens.");
        }
        int dot = token.indexOf('.');
        if (dot < 1 || dot != token.lastIndexOf('.') || token.length() > 512) {
            throw invalid("The voter token is not valid.");
        }
        String encoded = token.substring(0, dot);
        byte[] signature;
        String[] parts;
        try {
            signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            parts = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("\\.");
        } catch (IllegalArgumentException e) {
            throw invalid("The voter token is not valid.");
        }
        boolean panel = parts.length == 5 && PANEL_VERSION.equals(parts[0]);
        if (!MessageDigest.isEqual(signature, sign(encoded)) || !(panel || parts.length == 4 && VERSION.equals(parts[0]))) {
            throw invalid("The voter token is not valid.");
        }
        Instant expiresAt;
        UUID consultation;
        try {
            UUID.fromString(parts[2]);
            expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[3]));
            consultation = panel ? UUID.fromString(parts[4]) : null;
        } catch (RuntimeException e) {
            throw invalid("The voter token is not valid.");
        }
        if (!clock.now().isBefore(expiresAt)) {
            throw invalid("The voter token has expired; get a new one.");
        }
        return new Voter(parts[2], expiresAt, consultation, parts[1]);
    }

    private byte[] sign(String encodedPayload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secrets.get("voter-token-key"), "HmacSHA256"));
            return mac.doFinal(encodedPayload.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A 401 for a voter token, with the header to send it in. */
    public static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.UNAUTHORIZED, detail, null, Map.of("WWW-Authenticate", HEADER));
    }
}
