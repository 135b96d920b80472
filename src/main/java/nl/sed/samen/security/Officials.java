package nl.sed.samen.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.tenancy.TenantRepository;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, and whether they may act here. The single place where the token's {@code groups} and {@code tenants}
 * claims are read and enforced: 401 without a valid token, 404 for an unknown tenant, 403 for a tenant or role the token
 * does not grant.
 */
@RequestScoped
public class Officials {

    private final SecurityIdentity identity;
    private final TenantRepository tenants;

    public Officials(SecurityIdentity identity, TenantRepository tenants) {
        this.identity = identity;
        this.tenants = tenants;
    }

    /** The official acting for this tenant with one of these roles; admin is always allowed. */
    public Official require(String tenant, Role... roles) {
        Official official = current().orElseThrow(() -> ProblemException.unauthorized("A valid bearer token is required."));
        tenants.require(tenant);
        if (!official.actsFor(tenant)) {
            throw ProblemException.forbidden("Your token does not grant access to this tenant.");
        }
        if (!official.hasAnyRole(roles)) {
            throw ProblemException.forbidden("This needs the role "
                    + Arrays.stream(roles).map(Role::claim).collect(Collectors.joining(" or ")) + ".");
        }
        return official;
    }

    /**
     * The official viewing this tenant's public resources, if the caller has a valid token for it. Such a viewer also
     * sees drafts and hidden items; anyone else gets the public view. An invalid token is still a 401.
     */
    public Optional<Official> viewer(String tenant) {
        return current().filter(official -> official.actsFor(tenant));
    }

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
