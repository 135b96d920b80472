package nl.sed.samen.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Turns a verified token's claims into an {@link Official}, as {@link OfficialClaimsConfig} says where to look: the one
 * place that knows how identity providers spell roles and tenants. A plain role name ({@code editor}) holds for every
 * tenant in the tenants claim; a scoped one ({@code samen:enkhuizen:moderator}) for its own tenant only. Anything else
 * (Entra ID's group object ids, Keycloak's {@code offline_access}, a misspelt role) grants nothing.
 */
@ApplicationScoped
public class OfficialClaims {

    private static final Logger LOG = Logger.getLogger(OfficialClaims.class);
    /** A tenant slug as a token may name it (the form of TenantPathGuard's), or {@code *}. */
    private static final Pattern TENANT = Pattern.compile("\\*|[a-z][a-z0-9-]{1,62}");
    /** More role names than any official holds; a token with more is read only this far. */
    private static final int MAX_VALUES = 500;

    private final List<String> rolesClaims;
    private final String tenantsClaim;
    private final String scopedPrefix;

    @Inject
    public OfficialClaims(OfficialClaimsConfig config) {
        this(config.rolesClaims(), config.tenantsClaim(), config.scopedRolePrefix());
    }

    OfficialClaims(List<String> rolesClaims, String tenantsClaim, String scopedRolePrefix) {
        this.rolesClaims = rolesClaims.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        this.tenantsClaim = tenantsClaim.trim();
        this.scopedPrefix = scopedRolePrefix.trim();
        if (this.rolesClaims.isEmpty()) {
            throw new IllegalArgumentException("samen.officials.roles-claims must name at least one claim");
        }
        if (this.scopedPrefix.isEmpty() || this.scopedPrefix.contains(":") || this.scopedPrefix.contains("/")) {
            throw new IllegalArgumentException("samen.officials.scoped-role-prefix must be a word without ':' or '/'");
        }
    }

    /** A wrong mapping stops the service at start, not at an official's first request. */
    void check(@Observes StartupEvent event) {
        LOG.debugf("Officials' roles from %s, tenants from %s, scoped role names %s:<tenant>:<role>", rolesClaims,
                tenantsClaim, scopedPrefix);
    }

    /** The official with this subject and these claims (a claim's value by its top-level name, null when absent). */
    public Official official(String subject, Function<String, Object> claims) {
        Set<Role> plain = EnumSet.noneOf(Role.class);
        Map<String, Set<Role>> grants = new HashMap<>();
        for (String path : rolesClaims) {
            for (String name : strings(claim(claims, path))) {
                Optional<Role> role = role(name);
                if (role.isPresent()) {
                    plain.add(role.get());
                } else {
                    scoped(name, grants);
                }
            }
        }
        if (!tenantsClaim.isEmpty()) {
            for (String tenant : strings(claim(claims, tenantsClaim))) {
                if (TENANT.matcher(tenant).matches()) {
                    grants.computeIfAbsent(tenant, t -> EnumSet.noneOf(Role.class)).addAll(plain);
                }
            }
        }
        return new Official(subject, grants);
    }

    /** {@code samen:enkhuizen:moderator} or {@code /samen/enkhuizen/moderator}: that role for that tenant. */
    private void scoped(String name, Map<String, Set<Role>> grants) {
        String[] parts = (name.startsWith("/") ? name.substring(1) : name).split(name.startsWith("/") ? "/" : ":", -1);
        if (parts.length != 3 || !parts[0].equals(scopedPrefix) || !TENANT.matcher(parts[1]).matches()) {
            return;
        }
        role(parts[2]).ifPresent(role -> grants.computeIfAbsent(parts[1], t -> EnumSet.noneOf(Role.class)).add(role));
    }

    private static Optional<Role> role(String name) {
        for (Role role : Role.values()) {
            if (role.claim().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** The claim at a path: the claim of that whole name, else the dotted path into JSON objects. */
    static Object claim(Function<String, Object> claims, String path) {
        Object whole = claims.apply(path);
        if (whole != null || !path.contains(".")) {
            return whole;
        }
        String[] steps = path.split("\\.");
        Object value = claims.apply(steps[0]);
        for (int i = 1; i < steps.length && value != null; i++) {
            if (value instanceof JsonObject object) {
                value = object.get(steps[i]);
            } else if (value instanceof Map<?, ?> map) {
                value = map.get(steps[i]);
            } else {
                value = null;
            }
        }
        return value;
    }

    /** The strings a claim holds: an array's, or a single string's; anything else holds none. */
    static Collection<String> strings(Object claim) {
        List<String> result = new ArrayList<>();
        if (claim instanceof JsonArray array) {
            array.stream().limit(MAX_VALUES).forEach(value -> add(value, result));
        } else if (claim instanceof Collection<?> collection) {
            collection.stream().limit(MAX_VALUES).forEach(value -> add(value, result));
        } else {
            add(claim, result);
        }
        return new LinkedHashSet<>(result);
    }

    private static void add(Object value, List<String> result) {
        if (value instanceof JsonString string) {
            result.add(string.getString());
        } else if (value instanceof String string) {
            result.add(string);
        }
        // a number, an object, true: no role or tenant
    }
}
