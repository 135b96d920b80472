package nl.sed.samen.security;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * The service configured as for Keycloak (roles from {@code realm_access.roles}, tenants only from scoped role names),
 * with real signed tokens shaped as Keycloak issues them: each scoped role holds in its own tenant only.
 */
@QuarkusTest
@TestProfile(ProviderClaimMappingTest.KeycloakShape.class)
class ProviderClaimMappingTest {

    public static class KeycloakShape implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("samen.officials.roles-claims", "realm_access.roles,resource_access.samen-api.roles",
                    "samen.officials.tenants-claim", "tenants");
        }
    }

    private static String keycloakToken(String subject, String... realmRoles) {
        return Tokens.sign(io.smallrye.jwt.build.Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).subject(subject)
                .claim("realm_access", Map.of("roles", List.of(realmRoles)))
                .claim("resource_access", Map.of("account", Map.of("roles", List.of("manage-account"))))
                .expiresIn(java.time.Duration.ofMinutes(5)));
    }

    private static final Map<String, Object> PROJECT = Map.of("title", "Energietransitie");

    @Test
    void aScopedEditorRoleWritesInItsTenantOnly() {
        String token = keycloakToken("kc-editor", "offline_access", "samen:enkhuizen:editor",
                "samen:stede-broec:moderator");
        Api.as(token).body(PROJECT).when().post("/tenants/enkhuizen/projects").then().statusCode(201);
        // a moderator in Stede Broec is no editor there, though an editor elsewhere
        Api.as(token).body(PROJECT).when().post("/tenants/stede-broec/projects").then().statusCode(403)
                .contentType("application/problem+json");
        Api.as(token).body(PROJECT).when().post("/tenants/drechterland/projects").then().statusCode(403)
                .contentType("application/problem+json");
        Api.as(token).when().get("/tenants/stede-broec/moderation/reactions").then().statusCode(200);
        Api.as(token).when().get("/tenants/enkhuizen/moderation/reactions").then().statusCode(403);
    }

    @Test
    void anAdminOfAllTenantsReadsEveryAuditLog() {
        String token = keycloakToken("kc-admin", "samen:*:admin");
        Api.as(token).when().get("/tenants/drechterland/audit-events").then().statusCode(200);
        Api.as(token).when().get("/tenants/enkhuizen/audit-events").then().statusCode(200);
    }

    @Test
    void theDefaultGroupsClaimIsNotReadUnderThisMapping() {
        // Samen's own shape no longer grants anything once the service is told roles live elsewhere
        Api.as(Tokens.editor("enkhuizen")).body(PROJECT).when().post("/tenants/enkhuizen/projects").then()
                .statusCode(403);
        // plain realm roles combine with the tenants claim, as configured
        Api.as(Tokens.sign(io.smallrye.jwt.build.Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).subject("kc-plain")
                        .claim("realm_access", Map.of("roles", List.of("editor"))).claim("tenants", List.of("enkhuizen"))
                        .expiresIn(java.time.Duration.ofMinutes(5))))
                .body(PROJECT).when().post("/tenants/enkhuizen/projects").then().statusCode(201);
    }

    @Test
    void theScopedEditorSeesTheDraftOnlyInItsTenant() {
        String editor = keycloakToken("kc-e", "samen:enkhuizen:editor");
        String draft = Api.as(editor).body(PROJECT).when().post("/tenants/enkhuizen/projects").then().statusCode(201)
                .extract().path("id");
        Api.as(editor).when().get("/tenants/enkhuizen/projects/{id}", draft).then().statusCode(200);
        Api.as(keycloakToken("kc-m", "samen:stede-broec:editor")).when()
                .get("/tenants/enkhuizen/projects/{id}", draft).then().statusCode(404);
    }
}
