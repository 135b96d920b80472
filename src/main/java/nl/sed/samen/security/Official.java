package nl.sed.samen.security;

import java.util.Arrays;
import java.util.Set;

/**
 * An authenticated official: who ({@code sub}), what they may do, and for which tenants. One official may act for
 * several municipalities; {@code *} in the tenants claim means all.
 */
public record Official(String subject, Set<Role> roles, Set<String> tenants) {

    public static final String ALL_TENANTS = "*";

    public boolean actsFor(String tenant) {
        return tenants.contains(ALL_TENANTS) || tenants.contains(tenant);
    }

    /** Admin implies every other role. */
    public boolean hasAnyRole(Role... allowed) {
        return roles.contains(Role.ADMIN) || Arrays.stream(allowed).anyMatch(roles::contains);
    }
}
