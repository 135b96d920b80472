package nl.sed.samen.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.sed.samen.common.GroupCount;
import nl.sed.samen.consultation.Audience;
import nl.sed.samen.consultation.ConsultationStatus;
import nl.sed.samen.consultation.ParticipationLevel;
import nl.sed.samen.tenancy.ModerationMode;
import org.junit.jupiter.api.Test;

/** The document model and its charts, without a database: wording, timeline buckets, lateness, escaping. */
class ReportDocumentTest {

    private static ParticipationReport report(List<ParticipationReport.Day> days, ParticipationReport.Feedback feedback,
            LocalDate due, Instant now) {
        Map<String, Long> byStatus = new LinkedHashMap<>(Map.of("pending", 0L, "published", 9L, "rejected", 0L,
                "hidden", 0L, "withdrawn", 1L));
        return new ParticipationReport(UUID.randomUUID(), UUID.randomUUID(), "enkhuizen", "Enkhuizen",
                "Woonvisie <2030> & meer", "Het plein\u0007", "Wat vindt u?", ParticipationLevel.CODECIDE,
                "De inrichting", "Het budget", "De gemeenteraad", ModerationMode.POST, Audience.EVERYONE,
                ConsultationStatus.REPORTED,
                new ParticipationReport.Dates(now, null, Instant.parse("2026-03-01T09:00:00Z"), null,
                        Instant.parse("2026-04-01T09:00:00Z"), due, feedback == null ? null : feedback.publishedAt()),
                new ParticipationReport.Reactions(10, byStatus, 1, 9, 30.0, 125.0),
                List.of(new ParticipationReport.PollResult(UUID.randomUUID(), "Welke boom?", "closed", 3,
                        List.of(new ParticipationReport.PollResult.Option("Linde", 2),
                                new ParticipationReport.PollResult.Option("Eik", 1)))),
                new ParticipationReport.Participants(GroupCount.of(Map.of("25-44", 6L, "65-plus", 3L)), List.of(),
                        List.of(), List.of(), null),
                days, feedback, GroupCount.MINIMUM, now, List.of(), null);
    }

    @Test
    void lateFeedbackSaysHowLate() {
        Instant published = Instant.parse("2026-05-13T10:00:00Z");
        ReportDocument doc = ReportDocument.from(report(List.of(), new ParticipationReport.Feedback("Samenvatting",
                "Besluit", null, null, published, false), LocalDate.parse("2026-05-10"), published));
        assertEquals("3 dagen te laat: gepubliceerd op 13 mei 2026, toegezegd voor 10 mei 2026.", doc.feedbackTimeliness());
        assertTrue(doc.level().startsWith("meebeslissen (trede 5 van 5)"));
        assertEquals("9", doc.reach().get(0).value(), "reactions not withdrawn");
        assertTrue(doc.youthNote().contains("niet getoond"), "no youth share while an age band is hidden");
        assertEquals("30 minuten", doc.moderationRows().get(7).value());
        assertEquals("2 uur en 5 minuten", doc.moderationRows().get(8).value());
        assertNull(doc.timeline());
    }

    @Test
    void missingFeedbackPastItsDateIsOverdue() {
        ReportDocument doc = ReportDocument.from(report(List.of(), null, LocalDate.parse("2026-05-10"),
                Instant.parse("2026-05-20T10:00:00Z")));
        assertFalse(doc.hasFeedback());
        assertEquals("De terugkoppeling was toegezegd voor 10 mei 2026 en is 10 dagen over tijd.",
                doc.feedbackTimeliness());
        assertTrue(doc.closing().get(2).startsWith("Wat met de inbreng is gedaan, is nog niet"));
    }

    @Test
    void theTimelineGroupsManyDaysIntoWeeksAndMonthsAndKeepsEveryContribution() {
        List<ParticipationReport.Day> days = new ArrayList<>();
        LocalDate start = LocalDate.parse("2026-01-05");
        for (int i = 0; i < 600; i += 6) {
            days.add(new ParticipationReport.Day(start.plusDays(i), 2, 1));
        }
        ReportDocument.Timeline months = ReportDocument.Timeline.of(days);
        assertEquals("maand", months.unit());
        ReportDocument.Timeline weeks = ReportDocument.Timeline.of(days.subList(0, 15));
        assertEquals("week", weeks.unit());
        ReportDocument.Timeline perDay = ReportDocument.Timeline.of(days.subList(0, 5));
        assertEquals("dag", perDay.unit());
        for (ReportDocument.Timeline t : List.of(months, weeks, perDay)) {
            long reactions = t.rows().stream().mapToLong(r -> Long.parseLong(r.reactions())).sum();
            assertEquals(t == months ? 200 : t == weeks ? 30 : 10, reactions, t.unit());
            assertTrue(t.chart().svg().startsWith("<svg alt=\"Staafdiagram van de inbreng per " + t.unit()));
        }
    }

    @Test
    void textIsEscapedAndFreedOfCharactersXmlCannotHold() {
        ReportDocument doc = ReportDocument.from(report(List.of(), null, null, Instant.parse("2026-05-20T10:00:00Z")));
        assertEquals("Het plein", doc.consultationTitle(), "the bell character is left out");
        Charts.Chart chart = Charts.bars(List.of(new Charts.Bar("<script>&\"'\u0001", 1, "1")), "a \"quote\"");
        assertTrue(chart.svg().contains("&lt;script&gt;&amp;&quot;&#39;</text>"));
        assertTrue(chart.svg().contains("alt=\"a &quot;quote&quot;\""));
        assertEquals("Er was geen datum voor de terugkoppeling vastgelegd.", doc.feedbackTimeliness());
    }
}
