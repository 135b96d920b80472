package nl.sed.samen.security;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * An authenticated official: who ({@code sub}) and which roles they hold for which tenants. One official may act for
 * several municipalities, with different roles in each (a moderator in Enkhuizen, an editor in Hoorn); {@code *} stands
 * for all tenants. Built from the token by {@link OfficialClaims}.
 */
public record Official(String subject, Map<String, Set<Role>> grants) {

    public static final String ALL_TENANTS = "*";

    public Official {
        Map<String, Set<Role>> copy = new HashMap<>();
        grants.forEach((tenant, roles) -> copy.put(tenant, roles.isEmpty() ? Set.of() : Set.copyOf(roles)));
        grants = Map.copyOf(copy);
    }

    /** The same roles for every one of these tenants (a {@code groups} and a {@code tenants} claim). */
    public Official(String subject, Set<Role> roles, Set<String> tenants) {
        this(subject, same(roles, tenants));
    }

    private static Map<String, Set<Role>> same(Set<Role> roles, Set<String> tenants) {
        Map<String, Set<Role>> grants = new HashMap<>();
        tenants.forEach(tenant -> grants.put(tenant, roles));
        return grants;
    }

    /** Whether the token names this tenant at all (possibly with no role in it). */
    public boolean actsFor(String tenant) {
        return grants.containsKey(ALL_TENANTS) || grants.containsKey(tenant);
    }

    /** The roles held for this tenant: its own and those granted for all tenants. */
    public Set<Role> rolesFor(String tenant) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        roles.addAll(grants.getOrDefault(tenant, Set.of()));
        roles.addAll(grants.getOrDefault(ALL_TENANTS, Set.of()));
        return roles;
    }

    /** Admin implies every other role. */
    public boolean hasAnyRole(String tenant, Role... allowed) {
        Set<Role> held = rolesFor(tenant);
        return held.contains(Role.ADMIN) || Arrays.stream(allowed).anyMatch(held::contains);
    }
}
