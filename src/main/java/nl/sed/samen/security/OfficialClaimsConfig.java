package nl.sed.samen.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/**
 * Where an official's roles and tenants are in their token ({@code samen.officials.*}), so that any identity provider
 * fits by configuration: Entra ID's {@code roles}, Keycloak's {@code realm_access.roles}, a {@code groups} claim. See
 * README "Officials' sign-in".
 */
@ConfigMapping(prefix = "samen.officials")
public interface OfficialClaimsConfig {

    /**
     * The claims holding role names, read in this order and combined. A dot descends into a JSON object
     * ({@code realm_access.roles}, {@code resource_access.samen-api.roles}); a claim whose own name has dots is found
     * first under that whole name.
     */
    @WithDefault("groups")
    List<String> rolesClaims();

    /** The claim holding the tenants (slugs, or {@code *}) for which the plain role names hold; absent: none. */
    @WithDefault("tenants")
    String tenantsClaim();

    /**
     * The first part of a role name that names its tenant: {@code samen:enkhuizen:moderator} is a moderator for
     * Enkhuizen only, {@code samen:*:admin} an admin of all tenants ({@code /samen/enkhuizen/moderator}, a Keycloak group
     * path, is the same).
     */
    @WithDefault("samen")
    String scopedRolePrefix();
}
