package nl.sed.samen.testsupport;

import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.Map;

/** Reactions submitted as a resident would. */
public final class Reactions {

    private Reactions() {
    }

    public static ExtractableResponse<Response> submit(String tenant, String consultationId, Map<String, Object> body,
            int expectedStatus) {
        return Api.anonymous().body(body)
                .when().post("/tenants/{tenant}/consultations/{id}/reactions", tenant, consultationId)
                .then().statusCode(expectedStatus).extract();
    }

    /** A published reaction; returns {id, receiptToken}. */
    public static Map<String, String> published(String tenant, String consultationId, String text) {
        ExtractableResponse<Response> r = submit(tenant, consultationId, Map.of("body", text), 201);
        return Map.of("id", r.path("id"), "receiptToken", r.path("receiptToken"));
    }
}
