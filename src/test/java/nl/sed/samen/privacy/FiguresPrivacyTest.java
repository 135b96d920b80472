package nl.sed.samen.privacy;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.Polls;
import nl.sed.samen.testsupport.Reactions;
import nl.sed.samen.testsupport.Tokens;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * Figures for officials give nothing away about small groups, also not by subtraction from another figure in the same
 * response; the CSV a spreadsheet opens runs nothing; one-line fields hold one line.
 */
@QuarkusTest
class FiguresPrivacyTest {

    private static final String TENANT = "drechterland";
    private final String editor = Tokens.editor(TENANT);

    /**
     * With the total of a list known from elsewhere in the response, a hidden group is derivable when it is the only
     * hidden one, or when the hidden ones add up to less than 5 (then their counts are pinned down too closely).
     */
    private static void assertNotDerivable(String what, List<Map<String, Object>> groups, long total) {
        long shown = 0;
        int hidden = 0;
        for (Map<String, Object> group : groups) {
            if (Boolean.TRUE.equals(group.get("suppressed"))) {
                hidden++;
                assertEquals(null, group.get("count"), what + ": a suppressed group shows no count");
            } else {
                shown += ((Number) group.get("count")).longValue();
            }
        }
        if (groups.isEmpty()) {
            assertTrue(total < 5, what + ": only a list with a total under 5 is left out");
            return;
        }
        assertTrue(hidden == 0 || hidden >= 2, what + ": a single hidden group is the total minus the others");
        assertTrue(hidden == 0 || total - shown >= 5, what + ": hidden groups add up to " + (total - shown));
        assertEquals(total, hidden == 0 ? shown : total, what);
    }

    @Test
    void aHiddenGroupCannotBeWorkedOutFromAnyOtherFigure() {
        String consultation = Fixtures.openConsultation(TENANT, "post");
        for (int i = 0; i < 6; i++) {
            Reactions.submit(TENANT, consultation, Map.of("body", "Reactie " + i, "ageBand", "25-44", "area",
                    "Venhuizen"), 201);
        }
        Reactions.submit(TENANT, consultation, Map.of("body", "De enige oudere", "ageBand", "65-plus",
                "area", "Wijdenes"), 201);
        var withdrawn = Reactions.submit(TENANT, consultation, Map.of("body", "Weg", "ageBand", "16-17"), 201);
        Api.anonymous().header("Receipt-Token", withdrawn.path("receiptToken").toString()).when()
                .delete("/tenants/{tenant}/reactions/{id}", TENANT, withdrawn.path("id").toString()).then()
                .statusCode(204);

        JsonPath report = Api.as(editor).when().get("/tenants/{tenant}/consultations/{id}/report", TENANT,
                consultation).then().statusCode(200).extract().jsonPath();
        long received = report.getLong("reactions.received");
        long counted = received - report.getLong("reactions.byStatus.withdrawn");
        assertEquals(7, counted);
        assertNotDerivable("reactions by age band", report.getList("participants.reactionsByAgeBand"), counted);
        assertNotDerivable("reactions by area", report.getList("participants.reactionsByArea"), counted);
        assertEquals(Boolean.TRUE, report.get("participants.reactionsByAgeBand.find { it.group == '65-plus' }"
                + ".suppressed"));

        String csv = Api.as(editor).accept("text/csv").when()
                .get("/tenants/{tenant}/consultations/{id}/report", TENANT, consultation).then().statusCode(200)
                .extract().asString();
        assertTrue(csv.contains("reactionsByAgeBand,65-plus,<5") && csv.contains("reactionsByAgeBand,25-44,<5"));
        assertFalse(csv.contains("reactionsByAgeBand,25-44,6"));

        Api.as(editor).when().get("/tenants/{tenant}/impact?projectId={p}", TENANT, report.getString("projectId"))
                .then().statusCode(200)
                .body("reactions", equalTo(7))
                .body("youth.of", equalTo(7)).body("youth.suppressed", equalTo(true))
                .body("youth.count", equalTo(null)).body("youth.share", equalTo(null));
    }

    @Test
    void pollBreakdownsHideTheSecondSmallestGroupToo() {
        Map<String, Object> poll = Polls.open(TENANT, Map.of());
        String pollId = (String) poll.get("id");
        String linde = Polls.optionId(poll, 0);
        String eik = Polls.optionId(poll, 1);
        for (int i = 0; i < 6; i++) {
            vote(pollId, linde, "25-44");
        }
        vote(pollId, linde, "65-plus");
        vote(pollId, eik, "18-24");
        vote(pollId, eik, "18-24");
        JsonPath breakdown = Api.as(editor).when().get("/tenants/{tenant}/polls/{id}/breakdown", TENANT, pollId)
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> options = breakdown.getList("options");
        for (Map<String, Object> option : options) {
            long votes = ((Number) option.get("votes")).longValue();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> byAge = (List<Map<String, Object>>) option.get("byAgeBand");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> byArea = (List<Map<String, Object>>) option.get("byArea");
            assertNotDerivable(option.get("label") + " by age", byAge, votes);
            assertNotDerivable(option.get("label") + " by area", byArea, votes);
        }
        assertEquals(List.of(), breakdown.getList("options.find { it.label == 'Eik' }.byAgeBand"),
                "two votes: no breakdown at all");
    }

    private static void vote(String pollId, String option, String ageBand) {
        Api.anonymous().header("Voter-Token", Polls.voterToken(TENANT))
                .body(Map.of("optionIds", List.of(option), "ageBand", ageBand)).when()
                .post("/tenants/{tenant}/polls/{id}/votes", TENANT, pollId).then().statusCode(201);
    }

    @Test
    void reportCsvCellsASpreadsheetWouldRunAreNeutralised() throws Exception {
        String project = Fixtures.project(TENANT, true);
        Map<String, Object> body = new HashMap<>(Fixtures.manifest("=HYPERLINK(\"http://evil.example\",\"Klik\")"));
        body.put("decisionMaker", "@SUM(1+1)");
        body.put("question", "+31 6 12345678?");
        body.put("fixed", "-2+3");
        body.put("openForInput", "\tcmd");
        String consultation = Fixtures.draftConsultation(TENANT, project, body);
        String csv = Api.as(editor).accept("text/csv").when()
                .get("/tenants/{tenant}/consultations/{id}/report", TENANT, consultation).then().statusCode(200)
                .extract().asString();
        Map<String, String> values = new HashMap<>();
        for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv))) {
            values.put(row.get("section") + "." + row.get("item"), row.get("value"));
        }
        assertEquals("'=HYPERLINK(\"http://evil.example\",\"Klik\")", values.get("consultation.title"));
        assertEquals("'@SUM(1+1)", values.get("consultation.decisionMaker"));
        assertEquals("'+31 6 12345678?", values.get("consultation.question"));
        assertEquals("'-2+3", values.get("consultation.fixed"));
        assertEquals("'\tcmd", values.get("consultation.openForInput"));
        for (String value : values.values()) {
            assertFalse(!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0, "live formula: " + value);
        }
    }

    @Test
    void oneLineFieldsRefuseLineBreaksAndLongTextsKeepThem() {
        String project = Fixtures.project(TENANT, true);
        Api.as(editor).body(Map.of("title", "Woonvisie\nBcc: iemand@example.nl")).when()
                .post("/tenants/{tenant}/projects", TENANT).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("title"));
        Api.as(editor).body(Map.of("title", "Woonvisie", "body", "Eerste alinea.\n\nTweede alinea.")).when()
                .post("/tenants/{tenant}/projects", TENANT).then().statusCode(201)
                .body("body", equalTo("Eerste alinea.\n\nTweede alinea."));
        for (Map.Entry<String, String> field : Map.of("title", "Het plein\r\nen meer", "decisionMaker",
                "De raad\nen het college").entrySet()) {
            Map<String, Object> body = new HashMap<>(Fixtures.manifest("Plein"));
            body.put(field.getKey(), field.getValue());
            Api.as(editor).body(body).when().post("/tenants/{tenant}/projects/{p}/consultations", TENANT, project)
                    .then().statusCode(400).body("errors[0].field", equalTo(field.getKey()));
        }
        String consultation = Fixtures.openConsultation(TENANT, "post");
        Api.as(editor).body(Map.of("question", "Welke boom?", "options", List.of(Map.of("label", "Linde\nEik"),
                Map.of("label", "Eik")))).when().post("/tenants/{tenant}/consultations/{id}/polls", TENANT, consultation)
                .then().statusCode(400).body("errors[0].field", equalTo("options[0].label"));
        Reactions.submit(TENANT, consultation, Map.of("body", "Goed plan", "displayName", "Anna\u2028Admin"), 400);
        Reactions.submit(TENANT, consultation, Map.of("body", "Regel een.\nRegel twee."), 201);
        Api.as(editor).body(Map.of("status", "closed")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, consultation).then().statusCode(200);
        Api.as(editor).body(Map.of("summary", "Samenvatting", "decision", "Besluit", "decidedBy", "De raad\tvandaag"))
                .when().put("/tenants/{tenant}/consultations/{id}/feedback", TENANT, consultation).then()
                .statusCode(400).body("errors[0].field", equalTo("decidedBy"));
    }
}
