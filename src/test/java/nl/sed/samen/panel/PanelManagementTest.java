package nl.sed.samen.panel;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PanelManagementTest {

    private static final String SED_EDITOR = Tokens.official("*", "editor");

    static Map<String, Object> sedPanel() {
        return new HashMap<>(Map.of("name", "SED Jongerenpanel", "description", "Jongeren uit de drie gemeenten.",
                "owner", "sed", "tenants", List.of("stede-broec", "enkhuizen", "drechterland"),
                "ageBands", List.of("under-16", "16-17", "18-24")));
    }

    static String createSedPanel() {
        return Api.as(SED_EDITOR).body(sedPanel()).when().post("/panels").then().statusCode(201).extract().path("id");
    }

    @Test
    void officialsWithRightsOnEveryMemberRunAPanelAndEveryChangeIsAuditedPerMunicipality() {
        String id = Api.as(SED_EDITOR).body(sedPanel()).when().post("/panels").then().statusCode(201)
                .body("owner", equalTo("sed")).body("status", equalTo("open"))
                .body("tenants", containsInAnyOrder("stede-broec", "enkhuizen", "drechterland"))
                .body("ageBands", containsInAnyOrder("under-16", "16-17", "18-24"))
                .extract().path("id");
        Api.as(SED_EDITOR).when().get("/panels/{id}", id).then().statusCode(200).body("name",
                equalTo("SED Jongerenpanel"));
        Api.as(SED_EDITOR).body(Map.of("status", "closed", "description", "Even dicht.")).when()
                .patch("/panels/{id}", id).then().statusCode(200).body("status", equalTo("closed"));
        // an unchanged request records nothing
        Api.as(SED_EDITOR).body(Map.of("status", "closed")).when().patch("/panels/{id}", id).then().statusCode(200);
        for (String tenant : List.of("stede-broec", "enkhuizen", "drechterland")) {
            Api.as(Tokens.admin(tenant)).queryParam("entityId", id).when().get("/tenants/{t}/audit-events", tenant)
                    .then().statusCode(200).body("items.action", containsInAnyOrder("panel.created", "panel.updated"))
                    .body("items[0].entityType", equalTo("panel"));
        }
        // residents do not see a closed panel; officials of a member municipality do
        Api.anonymous().when().get("/tenants/enkhuizen/panels/{id}", id).then().statusCode(404);
        Api.as(Tokens.moderator("enkhuizen")).when().get("/tenants/enkhuizen/panels/{id}", id).then().statusCode(200);
        Api.as(SED_EDITOR).body(Map.of("status", "open")).when().patch("/panels/{id}", id).then().statusCode(200);
        Api.anonymous().when().get("/tenants/enkhuizen/panels/{id}", id).then().statusCode(200)
                .body("name", equalTo("SED Jongerenpanel"));
        Api.anonymous().when().get("/tenants/enkhuizen/panels").then().statusCode(200).body("items.id", hasItem(id));
    }

    @Test
    void aMunicipalitysOwnPanelIsItsEditorsAndInvisibleElsewhere() {
        String id = Api.as(Tokens.editor("enkhuizen")).body(Map.of("name", "Jongerenraad Enkhuizen",
                        "owner", "enkhuizen", "tenants", List.of("enkhuizen"), "ageBands", List.of("16-17")))
                .when().post("/panels").then().statusCode(201).extract().path("id");
        Api.anonymous().when().get("/tenants/drechterland/panels/{id}", id).then().statusCode(404)
                .contentType("application/problem+json");
        Api.anonymous().when().get("/tenants/drechterland/panels").then().statusCode(200)
                .body("items.id", not(hasItem(id)));
        Api.as(Tokens.editor("drechterland")).when().get("/panels/{id}", id).then().statusCode(403);
        Api.as(Tokens.editor("drechterland")).body(Map.of("name", "Van ons")).when().patch("/panels/{id}", id)
                .then().statusCode(403);
    }

    @Test
    void withoutRightsOnEveryMemberOrWithoutATokenItIsRefused() {
        Api.anonymous().body(sedPanel()).when().post("/panels").then().statusCode(401)
                .contentType("application/problem+json");
        Api.as(Tokens.editor("enkhuizen")).body(sedPanel()).when().post("/panels").then().statusCode(403);
        Api.as(Tokens.moderator("*")).body(sedPanel()).when().post("/panels").then().statusCode(403);
        Api.as(Tokens.official("enkhuizen,drechterland", "editor")).body(sedPanel()).when().post("/panels").then()
                .statusCode(403);
        String id = createSedPanel();
        Api.anonymous().when().get("/panels/{id}", id).then().statusCode(401);
        Api.anonymous().when().get("/panels/{id}/figures", id).then().statusCode(401);
        Api.as(Tokens.editor("enkhuizen")).when().get("/panels/{id}/figures", id).then().statusCode(403);
        Api.as(SED_EDITOR).when().get("/panels/{id}", "6f1d8a52-4c1e-4bb5-9a57-1b9a3a1f0c11").then().statusCode(404);
        Api.as(SED_EDITOR).when().get("/panels/{id}", "not-a-uuid").then().statusCode(400);
    }

    @Test
    void badInputIsA400Problem() {
        Map<String, Object> unknownField = sedPanel();
        unknownField.put("members", 5);
        Map<String, Object> badBand = sedPanel();
        badBand.put("ageBands", List.of("baby"));
        Map<String, Object> wrongShape = sedPanel();
        wrongShape.put("owner", "enkhuizen");
        Map<String, Object> noSuchTenant = sedPanel();
        noSuchTenant.put("tenants", List.of("enkhuizen", "atlantis"));
        Map<String, Object> control = sedPanel();
        control.put("name", "Panel\u0007");
        Map<String, Object> long_ = sedPanel();
        long_.put("name", "x".repeat(201));
        Map<String, Object> wrongType = sedPanel();
        wrongType.put("tenants", "enkhuizen");
        Map<String, Object> missing = sedPanel();
        missing.remove("ageBands");
        for (Map<String, Object> body : List.of(unknownField, badBand, wrongShape, noSuchTenant, control, long_,
                wrongType, missing)) {
            Api.as(SED_EDITOR).body(body).when().post("/panels").then().statusCode(400)
                    .contentType("application/problem+json");
        }
        Api.as(SED_EDITOR).body("{\"name\":").when().post("/panels").then().statusCode(400);
        String id = createSedPanel();
        Api.as(SED_EDITOR).body(Map.of("status", "gesloten")).when().patch("/panels/{id}", id).then().statusCode(400);
        Api.as(SED_EDITOR).body(Map.of("owner", "enkhuizen")).when().patch("/panels/{id}", id).then().statusCode(400);
    }
}
