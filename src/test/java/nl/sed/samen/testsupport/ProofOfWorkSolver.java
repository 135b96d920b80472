package nl.sed.samen.testsupport;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.altcha.altcha.Altcha;

/** Solves a proof-of-work challenge as the ALTCHA widget would in a resident's browser. */
public final class ProofOfWorkSolver {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProofOfWorkSolver() {
    }

    /** A challenge fetched from the tenant's challenge URL as this network (X-Forwarded-For), solved. */
    public static String solve(String tenant, String forwardedFor) {
        return solve(challenge(tenant, forwardedFor));
    }

    public static Map<String, Object> challenge(String tenant, String forwardedFor) {
        var request = given();
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> challenge = request.when().get("/api/v1/tenants/" + tenant + "/proof-of-work").then()
                .statusCode(200).extract().as(Map.class);
        return challenge;
    }

    /** The Altcha header value for a challenge. */
    public static String solve(Map<String, Object> challenge) {
        try {
            Altcha.Solution solution = Altcha.solveChallenge((String) challenge.get("challenge"),
                    (String) challenge.get("salt"), Altcha.Algorithm.SHA256,
                    ((Number) challenge.get("maxnumber")).longValue(), 0);
            String payload = JSON.writeValueAsString(Map.of("algorithm", challenge.get("algorithm"),
                    "challenge", challenge.get("challenge"), "number", solution.number, "salt", challenge.get("salt"),
                    "signature", challenge.get("signature")));
            return Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
