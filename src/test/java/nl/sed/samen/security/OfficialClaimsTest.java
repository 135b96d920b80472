package nl.sed.samen.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The claim mapping by itself: the claims as SmallRye JWT hands them over (JSON values), for each provider's shape. */
class OfficialClaimsTest {

    private static Official map(OfficialClaims claims, String json) {
        JsonObject token = Json.createReader(new StringReader(json)).readObject();
        return claims.official("sub-1", token::get);
    }

    @Test
    void samensOwnShapeGroupsAndTenants() {
        Official official = map(new OfficialClaims(List.of("groups"), "tenants", "samen"),
                "{\"groups\":[\"editor\",\"moderator\"],\"tenants\":[\"enkhuizen\",\"hoorn\"]}");
        assertEquals(EnumSet.of(Role.EDITOR, Role.MODERATOR), official.rolesFor("enkhuizen"));
        assertEquals(EnumSet.of(Role.EDITOR, Role.MODERATOR), official.rolesFor("hoorn"));
        assertFalse(official.actsFor("drechterland"));
    }

    @Test
    void entraAppRolesInRolesWithATenantsClaimMappedByTheAdmin() {
        // Entra ID: app roles in "roles"; group object ids in "groups" (never a role); a single-string extension claim
        Official official = map(new OfficialClaims(List.of("roles"), "extn.samenTenants", "samen"),
                "{\"roles\":[\"moderator\"],\"groups\":[\"0b7c3f1e-0000-4000-8000-000000000001\"],"
                        + "\"extn.samenTenants\":\"stede-broec\"}");
        assertEquals(EnumSet.of(Role.MODERATOR), official.rolesFor("stede-broec"));
        assertFalse(official.actsFor("enkhuizen"));
    }

    @Test
    void entraScopedAppRolesNeedNoTenantsClaim() {
        Official official = map(new OfficialClaims(List.of("roles"), "tenants", "samen"),
                "{\"roles\":[\"samen:enkhuizen:moderator\",\"samen:hoorn:editor\"]}");
        assertEquals(EnumSet.of(Role.MODERATOR), official.rolesFor("enkhuizen"));
        assertEquals(EnumSet.of(Role.EDITOR), official.rolesFor("hoorn"));
        // scoped roles never spill into another tenant: a moderator in Enkhuizen is not an editor there
        assertFalse(official.hasAnyRole("enkhuizen", Role.EDITOR));
        assertTrue(official.hasAnyRole("hoorn", Role.EDITOR));
    }

    @Test
    void keycloakRealmAndClientRolesByPath() {
        OfficialClaims claims = new OfficialClaims(List.of("realm_access.roles", "resource_access.samen-api.roles"),
                "tenants", "samen");
        Official official = map(claims, "{\"realm_access\":{\"roles\":[\"offline_access\",\"uma_authorization\","
                + "\"samen:enkhuizen:editor\"]},\"resource_access\":{\"samen-api\":{\"roles\":[\"samen:*:admin\"]},"
                + "\"account\":{\"roles\":[\"manage-account\"]}}}");
        assertEquals(EnumSet.of(Role.EDITOR, Role.ADMIN), official.rolesFor("enkhuizen"));
        assertEquals(EnumSet.of(Role.ADMIN), official.rolesFor("drechterland"));
    }

    @Test
    void keycloakGroupPathsCountAsScopedRoles() {
        Official official = map(new OfficialClaims(List.of("groups"), "tenants", "samen"),
                "{\"groups\":[\"/samen/enkhuizen/moderator\",\"/other/enkhuizen/admin\",\"/samen/enkhuizen\"]}");
        assertEquals(EnumSet.of(Role.MODERATOR), official.rolesFor("enkhuizen"));
    }

    @Test
    void aClaimWhoseNameHasDotsIsFoundByItsWholeName() {
        Official official = map(new OfficialClaims(List.of("https://samen.example/roles"), "tenants", "samen"),
                "{\"https://samen.example/roles\":[\"admin\"],\"tenants\":[\"*\"]}");
        assertEquals(EnumSet.of(Role.ADMIN), official.rolesFor("hoorn"));
    }

    @Test
    void whatIsNotARoleOrATenantGrantsNothing() {
        OfficialClaims claims = new OfficialClaims(List.of("groups", "roles"), "tenants", "samen");
        for (String json : List.of("{}", "{\"groups\":\"nonsense\",\"tenants\":[\"enkhuizen\"]}",
                "{\"groups\":[\"Editor\",\"EDITOR\",\"editor \",1,true,{\"a\":1}],\"tenants\":[\"enkhuizen\"]}",
                "{\"groups\":[\"samen:Enkhuizen:editor\",\"samen:enkhuizen:Editor\",\"samen:enkhuizen:editor:x\","
                        + "\"samen::editor\",\"other:enkhuizen:editor\",\"samen:../x:editor\"]}",
                "{\"groups\":[\"editor\"],\"tenants\":[\"ENKHUIZEN\",\"\",\"a\\nb\",5]}",
                "{\"groups\":{\"editor\":true},\"tenants\":{\"enkhuizen\":true}}")) {
            Official official = map(claims, json);
            assertTrue(official.grants().values().stream().allMatch(Set::isEmpty), json);
            assertFalse(official.hasAnyRole("enkhuizen", Role.values()), json);
        }
    }

    @Test
    void aWrongMappingIsRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> new OfficialClaims(List.of(" "), "tenants", "samen"));
        assertThrows(IllegalArgumentException.class, () -> new OfficialClaims(List.of("roles"), "tenants", "a:b"));
        assertThrows(IllegalArgumentException.class, () -> new OfficialClaims(List.of("roles"), "tenants", ""));
    }
}
