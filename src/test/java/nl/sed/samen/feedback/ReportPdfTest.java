package nl.sed.samen.feedback;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Year;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.sed.samen.consultation.Consultation;
import nl.sed.samen.testsupport.Api;
import nl.sed.samen.testsupport.Database;
import nl.sed.samen.testsupport.Fixtures;
import nl.sed.samen.testsupport.Pdfs;
import nl.sed.samen.testsupport.Polls;
import nl.sed.samen.testsupport.Reactions;
import nl.sed.samen.testsupport.Tokens;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The participation report and the impact meter as PDFs for the council, on a seeded consultation: valid PDF/UA-1
 * (veraPDF), Dutch, with title, bookmarks and embedded fonts; the sections and figures of the JSON report (text as
 * PDFBox extracts it); small groups suppressed as in the JSON; and the same access rules as the JSON. The documents
 * are left in {@code target/documents/} (the README's example pages are rendered from them with pdftoppm).
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportPdfTest {

    private static final String TENANT = "drechterland";
    private static final String PDF = "application/pdf";
    private static final Path OUT = Path.of("target", "documents");

    private final String editor = Tokens.editor(TENANT);
    private String project;
    private String consultation;
    private String overdue;
    private byte[] report;

    /** Seeds once, on the first test (REST Assured knows the test port only once a test runs). */
    @BeforeEach
    void seed() throws IOException {
        if (report != null) {
            return;
        }
        project = Fixtures.project(TENANT, true);
        Map<String, Object> body = new HashMap<>(Fixtures.manifest("Het nieuwe dorpsplein van Venhuizen"));
        body.put("moderationMode", "post");
        consultation = Fixtures.draftConsultation(TENANT, project, body);
        Api.as(editor).body(Map.of("status", "open")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, consultation).then().statusCode(200);

        String poll = Api.as(editor).body(Map.of("question", "Welke boom komt op het plein?",
                        "options", List.of(Map.of("label", "Linde"), Map.of("label", "Eik"), Map.of("label", "Kastanje")),
                        "resultsVisibility", "always"))
                .when().post("/tenants/{tenant}/consultations/{id}/polls", TENANT, consultation)
                .then().statusCode(201).extract().path("id");
        Map<String, Object> opened = Api.as(editor).body(Map.of("status", "open")).when()
                .patch("/tenants/{tenant}/polls/{id}", TENANT, poll).then().statusCode(200).extract().as(Map.class);
        int[] choices = {0, 0, 0, 0, 1, 1};
        for (int choice : choices) {
            Api.anonymous().header("Voter-Token", Polls.voterToken(TENANT))
                    .body(Map.of("optionIds", List.of(Polls.optionId(opened, choice))))
                    .when().post("/tenants/{tenant}/polls/{id}/votes", TENANT, poll).then().statusCode(201);
        }

        // 25-44: 6, 45-64: 5, 65-plus: 1 — the 65-plus group is hidden, and so (secondary) is 25-44
        String[] bands = {"25-44", "25-44", "25-44", "25-44", "25-44", "25-44", "45-64", "45-64", "45-64", "45-64",
                "45-64", "65-plus"};
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < bands.length; i++) {
            ids.add(Reactions.submit(TENANT, consultation, Map.of("body", "Mijn idee nummer " + i + " voor het plein.",
                    "ageBand", bands[i], "area", i < 7 ? "Venhuizen" : "Hem", "displayName", "Bewoner " + i,
                    "email", "bewoner" + i + "@example.nl"), 201).path("id"));
        }
        String moderator = Tokens.moderator(TENANT);
        Api.as(moderator).body(Map.of("body", "Dank u, we nemen het mee.")).when()
                .put("/tenants/{tenant}/reactions/{id}/reply", TENANT, ids.get(0)).then().statusCode(200);
        Api.as(moderator).body(Map.of("decision", "hide", "reason", "Buiten de spelregels")).when()
                .post("/tenants/{tenant}/reactions/{id}/moderation", TENANT, ids.get(1)).then().statusCode(200);
        // input spread over the last days, so the timeline has a shape
        Database.execute("update reaction set created_at = created_at - make_interval(days => abs(hashtext(id::text)) % 6)"
                + " where consultation_id = '" + consultation + "'");
        Api.as(editor).body(Map.of("status", "closed")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, consultation).then().statusCode(200);
        Api.as(editor).body(Map.of("summary", "Veel reacties over groen, bomen en een speelplek.",
                        "decision", "Het plein krijgt vier lindes en een speelplek.",
                        "changes", "Twee extra bomen en een bankje in het ontwerp."))
                .when().put("/tenants/{tenant}/consultations/{id}/feedback", TENANT, consultation).then().statusCode(200);

        // a second consultation of the project, closed, whose feedback is ten days overdue
        Map<String, Object> late = new HashMap<>(Fixtures.manifest("Verkeer rond de school"));
        late.put("participationLevel", "advise");
        overdue = Fixtures.draftConsultation(TENANT, project, late);
        Api.as(editor).body(Map.of("status", "open")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, overdue).then().statusCode(200);
        Api.as(editor).body(Map.of("status", "closed")).when()
                .patch("/tenants/{tenant}/consultations/{id}", TENANT, overdue).then().statusCode(200);
        Database.execute("update consultation set feedback_due_date = '" + LocalDate.now(Consultation.ZONE).minusDays(10)
                + "' where id = '" + overdue + "'");

        report = Api.as(editor).accept(PDF).when()
                .get("/tenants/{tenant}/consultations/{id}/report", TENANT, consultation).then().statusCode(200)
                .contentType(PDF).header("Content-Disposition", containsString(".pdf"))
                .header("Cache-Control", containsString("no-store")).extract().asByteArray();
        Files.createDirectories(OUT);
        Files.write(OUT.resolve("participatieverslag.pdf"), report);
    }

    @Test
    void theReportIsValidPdfUa1() {
        List<String> failures = Pdfs.pdfUaFailures(report);
        assertTrue(failures.isEmpty(), "PDF/UA-1 failures: " + String.join("\n", failures));
    }

    @Test
    void theReportIsTaggedDutchTitledBookmarkedAndEmbedsItsFonts() throws IOException {
        try (PDDocument pdf = Pdfs.load(report)) {
            assertEquals("nl", pdf.getDocumentCatalog().getLanguage());
            assertTrue(pdf.getDocumentCatalog().getMarkInfo().isMarked(), "tagged");
            assertNotNull(pdf.getDocumentCatalog().getStructureTreeRoot(), "a structure tree");
            assertTrue(pdf.getDocumentInformation().getTitle().startsWith("Participatieverslag Het nieuwe dorpsplein"));
            assertTrue(pdf.getDocumentCatalog().getViewerPreferences().displayDocTitle());
            List<String> bookmarks = new ArrayList<>();
            for (PDOutlineItem item : pdf.getDocumentCatalog().getDocumentOutline().children()) {
                bookmarks.add(item.getTitle());
            }
            assertEquals(List.of("Voorblad", "1. Het Manifest", "2. Bereik", "3. Peilingen", "4. Moderatie",
                    "5. Terugkoppeling", "6. Voor het raadsvoorstel"), bookmarks);
            for (var page : pdf.getPages()) {
                for (var name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    assertTrue(font.isEmbedded(), font.getName() + " is embedded");
                }
            }
        }
    }

    @Test
    void theReportHoldsTheSectionsAndFiguresOfTheConsultation() {
        String text = flat(Pdfs.text(report));
        for (String expected : List.of("Participatieverslag", "Gemeente Drechterland", "Woonvisie 2030",
                "Het nieuwe dorpsplein van Venhuizen",
                "1. Het Manifest", "Trede van de participatieladder raadplegen (trede 2 van 5)",
                "Open voor inbreng De inrichting van het plein", "Vast (kaders) Het budget en de bestemming",
                "Wie besluit De gemeenteraad",
                "2. Bereik", "Reacties (niet ingetrokken) 12", "Stemmen in peilingen 6", "Bijdragen samen 18",
                "Inbreng per dag",
                "3. Peilingen", "Welke boom komt op het plein?", "Linde 4 67%", "Eik 2 33%", "Kastanje 0",
                "4. Moderatie", "Reacties gepubliceerd 11", "Reacties verborgen na publicatie 1",
                "Reacties met een officiële reactie van de gemeente 1",
                "5. Terugkoppeling", "Het plein krijgt vier lindes en een speelplek.",
                "Twee extra bomen en een bankje in het ontwerp.", "Op tijd: gepubliceerd op",
                "6. Voor het raadsvoorstel", "Inwoners van Drechterland zijn bij het project ‘Woonvisie 2030’ betrokken",
                "Er kwamen 12 reacties en 6 stemmen binnen in 1 peiling",
                "Met de resultaten is het volgende gedaan: Het plein krijgt vier lindes en een speelplek.",
                "Het besluit ligt bij: De gemeenteraad.")) {
            assertTrue(text.contains(expected), "the report says \"" + expected + "\"");
        }
    }

    @Test
    void theReportSuppressesSmallGroupsAsTheJsonDoes() {
        Api.as(editor).when().get("/tenants/{tenant}/consultations/{id}/report", TENANT, consultation).then()
                .statusCode(200)
                .body("participants.reactionsByAgeBand.find { it.group == '65-plus' }.suppressed", equalTo(true))
                .body("participants.reactionsByAgeBand.find { it.group == '25-44' }.suppressed", equalTo(true))
                .body("participants.reactionsByAgeBand.find { it.group == '45-64' }.count", equalTo(5))
                .body("participants.reactionsByArea.find { it.group == 'Venhuizen' }.count", equalTo(7))
                .body("participants.youth", nullValue())
                .body("municipality", equalTo("Drechterland"))
                .body("projectTitle", equalTo("Woonvisie 2030"))
                .body("timeline.size()", org.hamcrest.Matchers.greaterThan(0));
        String text = flat(Pdfs.text(report));
        assertTrue(text.contains("65 jaar en ouder minder dan 5 of niet getoond"), text);
        assertTrue(text.contains("25 tot en met 44 jaar minder dan 5 of niet getoond"), "secondary suppression");
        assertTrue(text.contains("45 tot en met 64 jaar 5"));
        assertTrue(text.contains("Venhuizen 7") && text.contains("Hem 5"));
        assertFalse(text.contains("Hem 5 Venhuizen 7 65"), "no hidden count beside its group");
        assertTrue(text.contains("Aandeel jongeren (jonger dan 25) niet getoond"), "the share would split the hidden");
        assertFalse(text.contains("@example.nl") || text.contains("Bewoner") || text.contains("Mijn idee nummer"),
                "no e-mail, name or resident's text in the document");
    }

    @Test
    void theReportRefusesWithoutTokenWrongRoleOrOtherTenant() {
        Api.anonymous().accept(PDF).when().get("/tenants/{tenant}/consultations/{id}/report", TENANT, consultation)
                .then().statusCode(401).contentType("application/problem+json");
        Api.as(Tokens.moderator(TENANT)).accept(PDF).when()
                .get("/tenants/{tenant}/consultations/{id}/report", TENANT, consultation)
                .then().statusCode(403).contentType("application/problem+json");
        Api.as(Tokens.editor("enkhuizen")).accept(PDF).when()
                .get("/tenants/{tenant}/consultations/{id}/report", TENANT, consultation)
                .then().statusCode(403).contentType("application/problem+json");
        Api.as(Tokens.editor("enkhuizen")).accept(PDF).when()
                .get("/tenants/{tenant}/consultations/{id}/report", "enkhuizen", consultation)
                .then().statusCode(404).contentType("application/problem+json");
        Api.as(editor).accept(PDF).when().get("/tenants/{tenant}/consultations/{id}/report", TENANT, "nope")
                .then().statusCode(400).contentType("application/problem+json");
        Api.as(Tokens.admin(TENANT)).accept(PDF).when()
                .get("/tenants/{tenant}/consultations/{id}/report", TENANT, consultation)
                .then().statusCode(200).contentType(PDF);
    }

    @Test
    void acceptChoosesTheRepresentation() {
        Api.as(editor).accept("text/csv").when().get("/tenants/{tenant}/consultations/{id}/report", TENANT, consultation)
                .then().statusCode(200).contentType(containsString("text/csv"));
        Api.as(editor).when().get("/tenants/{tenant}/consultations/{id}/report", TENANT, consultation)
                .then().statusCode(200).contentType("application/json");
        Api.as(editor).accept("application/json;q=0.5, application/pdf").when()
                .get("/tenants/{tenant}/consultations/{id}/report", TENANT, consultation)
                .then().statusCode(200).contentType(PDF);
        Api.as(editor).accept("image/png").when()
                .get("/tenants/{tenant}/consultations/{id}/report", TENANT, consultation)
                .then().statusCode(406).contentType("application/problem+json");
    }

    @Test
    void theImpactMeterAsAYearlyPdf() throws IOException {
        int year = Year.now(Consultation.ZONE).getValue();
        byte[] impact = Api.as(editor).accept(PDF).queryParam("projectId", project).queryParam("year", year).when()
                .get("/tenants/{tenant}/impact", TENANT).then().statusCode(200).contentType(PDF).extract().asByteArray();
        Files.createDirectories(OUT);
        Files.write(OUT.resolve("impactmeter.pdf"), impact);
        List<String> failures = Pdfs.pdfUaFailures(impact);
        assertTrue(failures.isEmpty(), "PDF/UA-1 failures: " + String.join("\n", failures));
        try (PDDocument pdf = Pdfs.load(impact)) {
            assertEquals("nl", pdf.getDocumentCatalog().getLanguage());
            assertEquals("Impactmeter " + year + " – gemeente Drechterland", pdf.getDocumentInformation().getTitle());
        }
        String text = flat(Pdfs.text(impact));
        for (String expected : List.of("Impactmeter " + year, "Gemeente Drechterland",
                "Raadplegingen die in " + year + " opengingen van het project ‘Woonvisie 2030’",
                "Raadplegingen 2", "Reacties (niet ingetrokken) 12", "Stemmen in peilingen 6",
                "2. De participatieladder", "raadplegen 1", "adviseren 1", "meebeslissen 0",
                "3. Jongeren", "Jonger dan 25 niet getoond",
                "4. Terugkoppeling", "Teruggekoppeld, op tijd 1", "Gesloten, terugkoppeling over tijd 1",
                "Verkeer rond de school", "10")) {
            assertTrue(text.contains(expected), "the impact meter says \"" + expected + "\"");
        }
        // the JSON gives the same figures for the same year; another year has none
        Api.as(editor).queryParam("projectId", project).queryParam("year", year).when()
                .get("/tenants/{tenant}/impact", TENANT).then().statusCode(200)
                .body("year", equalTo(year)).body("consultations", equalTo(2)).body("feedback.overdue", equalTo(1))
                .body("municipality", equalTo("Drechterland")).body("projectTitle", equalTo("Woonvisie 2030"));
        Api.as(editor).queryParam("projectId", project).queryParam("year", 2001).when()
                .get("/tenants/{tenant}/impact", TENANT).then().statusCode(200).body("consultations", equalTo(0));
    }

    @Test
    void theImpactMeterRefusesBadInputAndStrangers() {
        for (String year : List.of("20x1", "1999", "2101", "２０２６", "2026.0", "-2026")) {
            Api.as(editor).accept(PDF).queryParam("year", year).when().get("/tenants/{tenant}/impact", TENANT).then()
                    .statusCode(400).contentType("application/problem+json");
        }
        Api.anonymous().accept(PDF).when().get("/tenants/{tenant}/impact", TENANT).then().statusCode(401);
        Api.as(Tokens.moderator(TENANT)).accept(PDF).when().get("/tenants/{tenant}/impact", TENANT).then()
                .statusCode(403);
        Api.as(Tokens.editor("enkhuizen")).accept(PDF).when().get("/tenants/{tenant}/impact", TENANT).then()
                .statusCode(403);
        Api.as(Tokens.editor("enkhuizen")).accept(PDF).queryParam("projectId", project).when()
                .get("/tenants/{tenant}/impact", "enkhuizen").then().statusCode(404);
    }

    /** The extracted text with line breaks and runs of spaces as single spaces. */
    private static String flat(String text) {
        return text.replaceAll("\\s+", " ");
    }
}
