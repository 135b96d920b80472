package nl.sed.samen.feedback;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The impact meter as a yearly document for the council: the figures of {@link ImpactMeter}, unchanged, as sentences,
 * tables and charts for the template {@code documents/impact-meter.html}.
 */
public record ImpactDocument(String title, String municipality, String scope, String generatedAt,
        List<ReportDocument.Row> keyFigures,
        Charts.Chart ladder, List<ReportDocument.Row> ladderRows,
        Charts.Chart youth, List<ReportDocument.Row> youthRows, String youthNote,
        Charts.Chart feedback, List<ReportDocument.Row> feedbackRows,
        Charts.Chart overdue, List<OverdueRow> overdueRows, String overdueNote) {

    public record OverdueRow(String title, String due, String days) {
    }

    /** Overdue consultations drawn in the chart; the table lists all the meter gives (at most 100). */
    static final int OVERDUE_CHARTED = 12;

    static ImpactDocument from(ImpactMeter m) {
        String municipality = Dutch.clean(m.municipality());
        String period = m.year() == null ? "alle jaren" : m.year().toString();
        String scope = (m.year() == null ? "Alle raadplegingen" : "Raadplegingen die in " + m.year() + " opengingen")
                + (m.projectTitle() == null ? "" : " van het project ‘" + Dutch.clean(m.projectTitle()) + "’");

        List<ReportDocument.Row> key = List.of(
                new ReportDocument.Row("Raadplegingen", Dutch.number(m.consultations())),
                new ReportDocument.Row("Reacties (niet ingetrokken)", Dutch.number(m.reactions())),
                new ReportDocument.Row("Stemmen in peilingen", Dutch.number(m.votes())),
                new ReportDocument.Row("Gepubliceerde reacties met een officiële reactie",
                        shareText(m.officialReplies())),
                new ReportDocument.Row("Doorlooptijd moderatie, mediaan", Dutch.duration(m.medianModerationMinutes())));

        List<Charts.Bar> ladderBars = new ArrayList<>();
        List<ReportDocument.Row> ladderRows = new ArrayList<>();
        StringBuilder ladderAlt = new StringBuilder("Staafdiagram van het aantal raadplegingen per trede van de "
                + "participatieladder, van laag naar hoog: ");
        int i = 0;
        for (Map.Entry<String, Long> level : m.consultationsPerLevel().entrySet()) {
            String name = Dutch.name(Dutch.LEVELS, level.getKey());
            ladderBars.add(new Charts.Bar(name, level.getValue(), Dutch.number(level.getValue())));
            ladderRows.add(new ReportDocument.Row(name, Dutch.number(level.getValue())));
            ladderAlt.append(i++ == 0 ? "" : "; ").append(name).append(' ').append(Dutch.number(level.getValue()));
        }
        ladderAlt.append('.');

        ImpactMeter.Share youth = m.youth();
        Charts.Chart youthChart = null;
        String youthNote = "";
        List<ReportDocument.Row> youthRows = new ArrayList<>();
        youthRows.add(new ReportDocument.Row("Deelnemers met een opgegeven leeftijd", Dutch.number(youth.of())));
        if (youth.suppressed() || youth.count() == null) {
            youthNote = youth.of() == 0 ? "Geen deelnemer gaf een leeftijd op."
                    : "Het aandeel jongeren is niet getoond: de jongeren of de anderen tellen minder dan "
                            + m.minimumGroupSize() + " deelnemers, en dan zou het aantal herkenbaar zijn.";
            youthRows.add(new ReportDocument.Row("Jonger dan 25", "niet getoond"));
        } else {
            long older = youth.of() - youth.count();
            youthRows.add(new ReportDocument.Row("Jonger dan 25", Dutch.number(youth.count()) + " ("
                    + Dutch.share(youth.share()) + ")"));
            youthRows.add(new ReportDocument.Row("25 jaar of ouder", Dutch.number(older) + " ("
                    + Charts.percent(older, youth.of()) + ")"));
            youthChart = Charts.split("Jonger dan 25", youth.count(), "25 jaar of ouder", older,
                    "Balk verdeeld in twee delen: " + Dutch.share(youth.share()) + " van de " + Dutch.number(youth.of())
                            + " deelnemers met een opgegeven leeftijd was jonger dan 25 (dicht deel), de anderen 25 of "
                            + "ouder (gearceerd deel).");
        }

        ImpactMeter.FeedbackFigures f = m.feedback();
        long late = f.reported() - f.onTime();
        List<ReportDocument.Row> feedbackRows = List.of(
                new ReportDocument.Row("Teruggekoppeld, op tijd", Dutch.number(f.onTime())),
                new ReportDocument.Row("Teruggekoppeld, te laat", Dutch.number(late)),
                new ReportDocument.Row("Gesloten, terugkoppeling over tijd", Dutch.number(f.overdue())),
                new ReportDocument.Row("Aandeel op tijd van de teruggekoppelde", Dutch.share(f.onTimeShare())));
        Charts.Chart feedbackChart = Charts.bars(List.of(
                        new Charts.Bar("Op tijd teruggekoppeld", f.onTime(), Dutch.number(f.onTime())),
                        new Charts.Bar("Te laat teruggekoppeld", late, Dutch.number(late)),
                        new Charts.Bar("Terugkoppeling over tijd", f.overdue(), Dutch.number(f.overdue()))),
                "Staafdiagram van de terugkoppeling: " + Dutch.number(f.onTime()) + " raadplegingen op tijd "
                        + "teruggekoppeld, " + Dutch.number(late) + " te laat, en bij " + Dutch.number(f.overdue())
                        + " is de terugkoppeling over tijd.");

        List<OverdueRow> overdueRows = new ArrayList<>();
        List<Charts.Bar> overdueBars = new ArrayList<>();
        StringBuilder overdueAlt = new StringBuilder("Staafdiagram van de raadplegingen die het langst op hun "
                + "terugkoppeling wachten, in dagen over tijd: ");
        for (ImpactMeter.Overdue o : m.overdue()) {
            String title = Dutch.clean(o.title());
            overdueRows.add(new OverdueRow(title, Dutch.date(o.feedbackDueDate()), Dutch.number(o.daysOverdue())));
            if (overdueBars.size() < OVERDUE_CHARTED) {
                overdueBars.add(new Charts.Bar(title, o.daysOverdue(), Dutch.days(o.daysOverdue())));
                overdueAlt.append(overdueBars.size() == 1 ? "" : "; ").append(title).append(' ')
                        .append(Dutch.days(o.daysOverdue()));
            }
        }
        overdueAlt.append('.');
        Charts.Chart overdueChart = overdueBars.isEmpty() ? null : Charts.bars(overdueBars, overdueAlt.toString());
        String overdueNote = m.overdue().isEmpty() ? "Geen enkele gesloten raadpleging wacht over tijd op haar "
                + "terugkoppeling." : f.overdue() > m.overdue().size() ? "De tabel toont de " + m.overdue().size()
                + " raadplegingen die het langst over tijd zijn, van " + Dutch.number(f.overdue()) + "." : "";

        return new ImpactDocument("Impactmeter " + period + " – gemeente " + municipality, municipality, scope,
                Dutch.dateTime(m.generatedAt()), key,
                Charts.bars(ladderBars, ladderAlt.toString()), ladderRows, youthChart, youthRows, youthNote,
                feedbackChart, feedbackRows, overdueChart, overdueRows, overdueNote);
    }

    private static String shareText(ImpactMeter.Share share) {
        if (share.of() == 0) {
            return "geen gepubliceerde reacties";
        }
        return share.suppressed() || share.count() == null ? "niet getoond (kleine groep) van "
                + Dutch.number(share.of()) : Dutch.number(share.count()) + " van " + Dutch.number(share.of()) + " ("
                + Dutch.share(share.share()) + ")";
    }
}
