package nl.sed.samen.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Database;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.Polls;
import nl.sed.samen.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * The one PATCH rule, for every resource that takes a PATCH: a request that changes nothing (no fields, the current
 * values, the current status) writes nothing — no audit event and the same ETag.
 */
@QuarkusTest
class UnchangedPatchTest {

    private static final String TENANT = "drechterland";
    private final String editor = Tokens.editor(TENANT);

    private static long auditEvents(String id) {
        return Database.count("select count(*) from audit_event where entity_id = '" + id + "'");
    }

    private String etag(String path, String id) {
        return Api.as(editor).when().get(path, TENANT, id).then().statusCode(200).extract().header("ETag");
    }

    private void unchanged(String path, String id, Map<String, Object> body) {
        long events = auditEvents(id);
        String etag = etag(path, id);
        Api.as(editor).body(body).when().patch(path, TENANT, id).then().statusCode(200);
        assertEquals(events, auditEvents(id), "no audit event for " + body);
        assertEquals(etag, etag(path, id), "the same ETag after " + body);
    }

    @Test
    void aProjectPatchThatChangesNothingWritesNothing() {
        String id = Fixtures.project(TENANT, true);
        String path = "/tenants/{t}/projects/{id}";
        unchanged(path, id, Map.of());
        unchanged(path, id, Map.of("title", "Woonvisie 2030", "status", "published"));
        Api.as(editor).body(Map.of("status", "archived")).when().patch(path, TENANT, id).then().statusCode(200);
        long events = auditEvents(id);
        // archiving an archived project is the documented no-op, not a 409; changing it is still refused
        unchanged(path, id, Map.of("status", "archived"));
        unchanged(path, id, Map.of("theme", "wonen"));
        Api.as(editor).body(Map.of("theme", "verkeer")).when().patch(path, TENANT, id).then().statusCode(409);
        assertEquals(events, auditEvents(id));
    }

    @Test
    void aConsultationPatchThatChangesNothingWritesNothing() {
        String consultation = Fixtures.openConsultation(TENANT, "post");
        String path = "/tenants/{t}/consultations/{id}";
        unchanged(path, consultation, Map.of());
        unchanged(path, consultation, Map.of("status", "open", "moderationMode", "post", "audience", "everyone"));
        Api.as(editor).body(Map.of("status", "closed")).when().patch(path, TENANT, consultation).then()
                .statusCode(200);
        unchanged(path, consultation, Map.of("status", "closed", "participationLevel", "consult"));
    }

    @Test
    void aPollPatchThatChangesNothingWritesNothing() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of());
        String id = (String) poll.get("id");
        String path = "/tenants/{t}/polls/{id}";
        unchanged(path, id, Map.of());
        // the same question and options on an open poll are no change, so no 409 either
        unchanged(path, id, Map.of("status", "open", "question", "Welke boom komt op het plein?",
                "options", List.of(Map.of("label", "Linde"), Map.of("label", "Eik"), Map.of("label", "Kastanje"))));
        Api.as(editor).body(Map.of("question", "Andere vraag?")).when().patch(path, TENANT, id).then()
                .statusCode(409);
    }

    @Test
    void tenantSettingsThatChangeNothingWriteNothing() {
        String admin = Tokens.admin(TENANT);
        long events = Database.count("select count(*) from audit_event where tenant_slug = '" + TENANT
                + "' and action = 'tenant.settings-changed'");
        Map<String, Object> current = Api.anonymous().when().get("/tenants/{t}", TENANT).then().statusCode(200)
                .extract().as(Map.class);
        Api.as(admin).body(Map.of("flagThreshold", current.get("flagThreshold"))).when().patch("/tenants/{t}", TENANT)
                .then().statusCode(200);
        Api.as(admin).body(Map.of()).when().patch("/tenants/{t}", TENANT).then().statusCode(200);
        assertEquals(events, Database.count("select count(*) from audit_event where tenant_slug = '" + TENANT
                + "' and action = 'tenant.settings-changed'"));
    }
}
