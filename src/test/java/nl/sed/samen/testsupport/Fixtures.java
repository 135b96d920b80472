package nl.sed.samen.testsupport;

import java.time.LocalDate;
import java.util.Map;

/** Creates the projects and consultations other tests stand on, through the API as an editor would. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String project(String tenant, boolean published) {
        String token = Tokens.editor(tenant);
        String id = Api.as(token).body(Map.of("title", "Woonvisie 2030", "summary", "Hoe wonen we straks?",
                        "body", "Wij willen weten wat u belangrijk vindt.", "theme", "wonen"))
                .when().post("/tenants/{tenant}/projects", tenant)
                .then().statusCode(201).extract().path("id");
        if (published) {
            Api.as(token).body(Map.of("status", "published"))
                    .when().patch("/tenants/{tenant}/projects/{id}", tenant, id).then().statusCode(200);
        }
        return id;
    }

    /** The manifest fields a consultation needs before it can open. */
    public static Map<String, Object> manifest(String title) {
        return Map.of("title", title,
                "question", "Wat vindt u van de plannen?",
                "description", "Toelichting op de plannen.",
                "participationLevel", "consult",
                "openForInput", "De inrichting van het plein",
                "fixed", "Het budget en de bestemming",
                "decisionMaker", "De gemeenteraad",
                "feedbackDueDate", LocalDate.now().plusMonths(3).toString());
    }

    public static String draftConsultation(String tenant, String projectId, Map<String, Object> body) {
        return Api.as(Tokens.editor(tenant)).body(body)
                .when().post("/tenants/{tenant}/projects/{projectId}/consultations", tenant, projectId)
                .then().statusCode(201).extract().path("id");
    }

    /** A published project with an open consultation in the given moderation mode ("pre" or "post"). */
    public static String openConsultation(String tenant, String moderationMode) {
        String projectId = project(tenant, true);
        Map<String, Object> body = new java.util.HashMap<>(manifest("Het nieuwe dorpsplein"));
        body.put("moderationMode", moderationMode);
        String id = draftConsultation(tenant, projectId, body);
        Api.as(Tokens.editor(tenant)).body(Map.of("status", "open"))
                .when().patch("/tenants/{tenant}/consultations/{id}", tenant, id).then().statusCode(200);
        return id;
    }
}
