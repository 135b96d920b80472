package nl.sed.samen.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import nl.sed.samen.common.ProblemException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Reads the official behind a bearer token: the single place where the token's {@code groups} and {@code tenants}
 * claims are read. What they allow is enforced by {@code participation.Viewer} (resolved once per request by
 * {@code participation.Viewers}).
 */
@RequestScoped
public class Officials {

    private final SecurityIdentity identity;

    public Officials(SecurityIdentity identity) {
        this.identity = identity;
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
        return Optional.of(new Official(subject, roles(jwt.getGroups()), tenantsOf(jwt.getClaim("tenants"))));
    }

    private static Set<Role> roles(Set<String> groups) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (groups != null) {
            for (Role role : Role.values()) {
                if (groups.contains(role.claim())) {
                    roles.add(role);
                }
            }
        }
        return roles;
    }

    private static Set<String> tenantsOf(Object claim) {
        Set<String> result = new HashSet<>();
        if (claim instanceof JsonArray array) {
            for (JsonValue value : array) {
                if (value instanceof JsonString string) {
                    result.add(string.getString());
                }
            }
        } else if (claim instanceof Collection<?> collection) {
            collection.forEach(value -> result.add(String.valueOf(value).replace("\"", "")));
        } else if (claim instanceof JsonString string) {
            result.add(string.getString());
        } else if (claim instanceof String string) {
            result.add(string);
        }
        result.removeIf(t -> !t.equals(Official.ALL_TENANTS) && !t.equals(t.toLowerCase(Locale.ROOT)));
        return result;
    }
}
