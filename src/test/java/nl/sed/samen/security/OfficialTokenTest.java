package nl.sed.samen.security;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/** Officials' tokens: only a valid token of the right issuer, audience and key counts; roles and tenants are enforced. */
@QuarkusTest
class OfficialTokenTest {

    private static final Map<String, Object> PROJECT = Map.of("title", "Energietransitie");

    private static void expect401(String token) {
        var request = token == null ? Api.anonymous() : Api.as(token);
        request.body(PROJECT).when().post("/tenants/enkhuizen/projects").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401));
    }

    private static void expect403(String token) {
        Api.as(token).body(PROJECT).when().post("/tenants/enkhuizen/projects").then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403));
    }

    @Test
    void noTokenIs401() {
        expect401(null);
    }

    @Test
    void expiredTokenIs401() {
        expect401(Tokens.sign(Tokens.claims("a", List.of("enkhuizen"), "editor")
                .issuedAt(Instant.now().minus(Duration.ofHours(2))).expiresAt(Instant.now().minus(Duration.ofHours(1)))));
    }

    @Test
    void wrongIssuerIs401() {
        expect401(Tokens.sign(Tokens.claims("a", List.of("enkhuizen"), "editor").issuer("https://evil.example/")));
    }

    @Test
    void wrongAudienceIs401() {
        expect401(Tokens.sign(Tokens.claims("a", List.of("enkhuizen"), "editor").audience("another-api")));
    }

    @Test
    void wrongKeyIs401() {
        expect401(Tokens.signWithOtherKey(Tokens.claims("a", List.of("enkhuizen"), "editor")));
    }

    @Test
    void unsignedAlgNoneIs401() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        long exp = Instant.now().plusSeconds(600).getEpochSecond();
        String payload = b64.encodeToString(("{\"iss\":\"" + Tokens.ISSUER + "\",\"aud\":\"samen-api\",\"sub\":\"a\","
                + "\"exp\":" + exp + ",\"groups\":[\"admin\"],\"tenants\":[\"*\"]}").getBytes(StandardCharsets.UTF_8));
        expect401(header + "." + payload + ".");
    }

    @Test
    void tamperedTokenIs401() {
        String token = Tokens.editor("stede-broec");
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("stede-broec", "enkhuizen");
        expect401(parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);
    }

    @Test
    void garbageTokenIs401() {
        expect401("not-a-jwt");
    }

    @Test
    void wrongRoleIs403() {
        expect403(Tokens.moderator("enkhuizen"));
        expect403(Tokens.official("enkhuizen"));
    }

    @Test
    void otherTenantIs403() {
        expect403(Tokens.editor("stede-broec"));
        expect403(Tokens.official("stede-broec,drechterland", "editor", "admin"));
    }

    @Test
    void missingTenantsClaimIs403() {
        expect403(Tokens.sign(Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).subject("no-tenants")
                .groups("editor").expiresIn(Duration.ofMinutes(5))));
    }

    @Test
    void allTenantsAndAdminAreAllowed() {
        Api.as(Tokens.official("*", "editor")).body(PROJECT).when().post("/tenants/enkhuizen/projects").then()
                .statusCode(201);
        Api.as(Tokens.admin("enkhuizen")).body(PROJECT).when().post("/tenants/enkhuizen/projects").then()
                .statusCode(201);
        Api.as(Tokens.official("stede-broec,enkhuizen", "editor")).body(PROJECT)
                .when().post("/tenants/enkhuizen/projects").then().statusCode(201);
    }

    @Test
    void anotherTenantsIdIs404EvenForAnAllTenantOfficial() {
        String projectId = Fixtures.project("stede-broec", true);
        String everywhere = Tokens.official("*", "admin");
        Api.as(everywhere).when().get("/tenants/enkhuizen/projects/{id}", projectId).then().statusCode(404)
                .contentType("application/problem+json");
        Api.as(everywhere).body(Map.of("title", "Overgenomen"))
                .when().patch("/tenants/enkhuizen/projects/{id}", projectId).then().statusCode(404);
        Api.anonymous().when().get("/tenants/enkhuizen/projects/{id}", projectId).then().statusCode(404);
        Api.as(everywhere).when().get("/tenants/stede-broec/projects/{id}", projectId).then().statusCode(200);
    }

    @Test
    void unknownTenantWithValidTokenIs404() {
        Api.as(Tokens.official("*", "admin")).body(PROJECT).when().post("/tenants/amsterdam/projects").then()
                .statusCode(404).contentType("application/problem+json");
    }

    @Test
    void invalidTokenOnPublicReadIs401NotSilentlyPublic() {
        Api.as("not-a-jwt").when().get("/tenants/enkhuizen/projects").then().statusCode(401)
                .contentType("application/problem+json");
    }
}
