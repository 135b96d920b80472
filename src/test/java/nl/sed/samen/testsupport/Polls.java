package nl.sed.samen.testsupport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Polls and voter tokens, made through the API as an editor and a resident would. */
public final class Polls {

    private Polls() {
    }

    /** An open poll in a fresh open consultation; extra fields (votingMode, resultsVisibility, maxChoices) may be given. */
    public static Map<String, Object> open(String tenant, Map<String, Object> extra) {
        String consultationId = Fixtures.openConsultation(tenant, "post");
        Map<String, Object> body = new HashMap<>(Map.of("question", "Welke boom komt op het plein?",
                "options", List.of(Map.of("label", "Linde"), Map.of("label", "Eik"), Map.of("label", "Kastanje"))));
        body.putAll(extra);
        String editor = Tokens.editor(tenant);
        String id = Api.as(editor).body(body)
                .when().post("/tenants/{tenant}/consultations/{id}/polls", tenant, consultationId)
                .then().statusCode(201).extract().path("id");
        return Api.as(editor).body(Map.of("status", "open"))
                .when().patch("/tenants/{tenant}/polls/{id}", tenant, id)
                .then().statusCode(200).extract().as(Map.class);
    }

    @SuppressWarnings("unchecked")
    public static String optionId(Map<String, Object> poll, int index) {
        return (String) ((List<Map<String, Object>>) poll.get("options")).get(index).get("id");
    }

    public static String voterToken(String tenant) {
        return Api.anonymous().when().post("/tenants/{tenant}/voter-tokens", tenant)
                .then().statusCode(201).extract().path("token");
    }
}
