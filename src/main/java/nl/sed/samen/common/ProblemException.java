package nl.sed.samen.common;

import java.util.List;
import java.util.Map;

/**
 * Thrown anywhere a request must end in a problem response. Carries no stack trace: it is an answer, not a fault.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final List<Problem.FieldError> errors;
    private final Map<String, String> headers;
    private final String challengeUrl;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, null, Map.of());
    }

    public ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors, Map<String, String> headers) {
        this(type, detail, errors, headers, null);
    }

    private ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors,
            Map<String, String> headers, String challengeUrl) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = errors;
        this.headers = headers;
        this.challengeUrl = challengeUrl;
    }

    /** A write that must bring a solved proof-of-work challenge, fetched from {@code challengeUrl}. */
    public static ProblemException proofOfWorkRequired(String detail, String challengeUrl) {
        return new ProblemException(ProblemType.PROOF_OF_WORK_REQUIRED, detail, null, Map.of(), challengeUrl);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail);
    }

    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(ProblemType.INVALID_INPUT, "The request has invalid fields.",
                List.of(new Problem.FieldError(field, message)), Map.of());
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(ProblemType.CONFLICT, detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(ProblemType.FORBIDDEN, detail);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(ProblemType.UNAUTHORIZED, detail, null, Map.of("WWW-Authenticate", "Bearer"));
    }

    public ProblemType type() {
        return type;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String challengeUrl() {
        return challengeUrl;
    }
}
