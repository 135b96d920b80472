package nl.sed.samen.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import nl.sed.samen.common.ProblemException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Reads the official behind a bearer token (its claims are mapped by {@link OfficialClaims}). What they allow is
 * enforced by {@code participation.Viewer} (resolved once per request by {@code participation.Viewers}).
 */
@RequestScoped
public class Officials {

    private final SecurityIdentity identity;
    private final OfficialClaims claims;

    public Officials(SecurityIdentity identity, OfficialClaims claims) {
        this.identity = identity;
        this.claims = claims;
    }

    /** The official behind the request's bearer token, whatever it grants; empty without one; 401 if unusable. */
    public Optional<Official> current() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Optional.empty();
        }
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank() || subject.length() > 255
                || subject.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.unauthorized("The token's subject is not usable.");
        }
        return Optional.of(claims.official(subject, jwt::getClaim));
    }
}
