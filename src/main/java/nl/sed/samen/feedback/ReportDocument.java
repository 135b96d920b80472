package nl.sed.samen.feedback;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.sed.samen.common.GroupCount;
import nl.sed.samen.common.WireEnums;
import nl.sed.samen.consultation.ParticipationLevel;
import nl.sed.samen.tenancy.ModerationMode;

/**
 * The participation report as the council reads it: the figures of {@link ParticipationReport}, unchanged, put into
 * Dutch sentences, tables and charts for the template {@code documents/participation-report.html}. Nothing is counted
 * here that the report does not hold (the timeline only groups its days into weeks or months when they are many).
 */
public record ReportDocument(String title, String municipality, String projectTitle, String consultationTitle,
        String period, String status, String generatedAt,
        String question, String level, Charts.Chart ladder, String openForInput, String fixed, String decisionMaker,
        String feedbackDue, String moderation, String audience,
        List<Row> reach, String youthNote, Charts.Chart timeline, String timelineUnit, List<TimelineRow> timelineRows,
        List<GroupTable> groups,
        List<PollSection> polls,
        List<Row> moderationRows,
        boolean hasFeedback, String feedbackSummary, String feedbackDecision, String feedbackDecidedBy,
        String feedbackChanges, String feedbackPublished, String feedbackTimeliness,
        List<String> closing) {

    /** A label and its value, as one row of a two-column table. */
    public record Row(String label, String value) {
    }

    public record TimelineRow(String label, String reactions, String votes) {
    }

    public record GroupTable(String caption, List<Row> rows, String empty) {
    }

    public record PollSection(String question, String status, String total, Charts.Chart chart, List<PollRow> rows) {
    }

    public record PollRow(String label, String votes, String share) {
    }

    private static final List<String> RUNGS = List.of("informeren", "raadplegen", "adviseren", "coproduceren",
            "meebeslissen");

    static ReportDocument from(ParticipationReport r) {
        String municipality = Dutch.clean(r.municipality());
        String consultation = Dutch.clean(r.title());
        String project = Dutch.clean(r.projectTitle());
        ParticipationReport.Dates d = r.dates();
        String start = Dutch.date(d.openedAt() != null ? d.openedAt() : d.opensAt());
        String end = Dutch.date(d.closedAt() != null ? d.closedAt() : d.closesAt());
        String period = start + " tot en met " + end;

        String levelValue = r.participationLevel() == null ? null : WireEnums.value(r.participationLevel());
        int rung = r.participationLevel() == null ? -1 : r.participationLevel().ordinal();
        String level = r.participationLevel() == null ? "niet vastgelegd"
                : Dutch.name(Dutch.LEVELS, levelValue) + " (trede " + (rung + 1) + " van "
                        + ParticipationLevel.values().length + ")";
        Charts.Chart ladder = Charts.ladder(RUNGS, rung, "De participatieladder met vijf treden, van laag naar hoog: "
                + String.join(", ", RUNGS) + ". " + (rung < 0 ? "Voor deze raadpleging is geen trede vastgelegd."
                : "Deze raadpleging staat op trede " + (rung + 1) + ": " + RUNGS.get(rung) + "."));

        long reactions = r.reactions().received() - r.reactions().byStatus().getOrDefault("withdrawn", 0L);
        long votes = r.polls().stream().mapToLong(ParticipationReport.PollResult::totalVotes).sum();
        ImpactMeter.Share youth = r.participants().youth();
        String youthValue = youth == null || youth.suppressed() || youth.share() == null ? "niet getoond"
                : Dutch.share(youth.share()) + " (" + Dutch.number(youth.count()) + " van " + Dutch.number(youth.of())
                        + " met een opgegeven leeftijd)";
        List<Row> reach = List.of(
                new Row("Reacties (niet ingetrokken)", Dutch.number(reactions)),
                new Row("Stemmen in peilingen", Dutch.number(votes)),
                new Row("Bijdragen samen", Dutch.number(reactions + votes)),
                new Row("Peilingen", Dutch.number(r.polls().size())),
                new Row("Aandeel jongeren (jonger dan 25)", youthValue));
        String youthNote = youth == null
                ? "Het aandeel jongeren is niet getoond, omdat een leeftijdsgroep hieronder te klein is om te tonen: "
                        + "het aandeel zou die groep alsnog verraden."
                : youth.suppressed() ? "Het aandeel jongeren is niet getoond, omdat de jongeren of de anderen minder "
                        + "dan " + r.minimumGroupSize() + " deelnemers tellen." : "";

        Timeline timeline = Timeline.of(r.timeline());
        List<GroupTable> groups = List.of(
                groups("Reacties per leeftijdsgroep", r.participants().reactionsByAgeBand(), true, r.minimumGroupSize()),
                groups("Reacties per kern", r.participants().reactionsByArea(), false, r.minimumGroupSize()),
                groups("Stemmen per leeftijdsgroep", r.participants().votesByAgeBand(), true, r.minimumGroupSize()),
                groups("Stemmen per kern", r.participants().votesByArea(), false, r.minimumGroupSize()));

        List<PollSection> polls = new ArrayList<>();
        for (ParticipationReport.PollResult poll : r.polls()) {
            List<Charts.Bar> bars = new ArrayList<>();
            List<PollRow> rows = new ArrayList<>();
            long optionVotes = poll.options().stream().mapToLong(ParticipationReport.PollResult.Option::votes).sum();
            StringBuilder alt = new StringBuilder("Staafdiagram van de uitslag van de peiling \"")
                    .append(Dutch.clean(poll.question())).append("\", ").append(Dutch.number(poll.totalVotes()))
                    .append(" stemmen: ");
            for (int i = 0; i < poll.options().size(); i++) {
                ParticipationReport.PollResult.Option option = poll.options().get(i);
                String label = Dutch.clean(option.label());
                String share = Charts.percent(option.votes(), optionVotes);
                bars.add(new Charts.Bar(label, option.votes(), Dutch.number(option.votes()) + " (" + share + ")"));
                rows.add(new PollRow(label, Dutch.number(option.votes()), share));
                alt.append(i == 0 ? "" : "; ").append(label).append(' ').append(Dutch.number(option.votes()));
            }
            alt.append('.');
            polls.add(new PollSection(Dutch.clean(poll.question()), Dutch.name(Dutch.POLL_STATUSES, poll.status()),
                    Dutch.number(poll.totalVotes()), Charts.bars(bars, alt.toString()), rows));
        }

        List<Row> moderation = new ArrayList<>();
        for (Map.Entry<String, Long> status : r.reactions().byStatus().entrySet()) {
            moderation.add(new Row("Reacties " + Dutch.name(Dutch.REACTION_STATUSES, status.getKey()),
                    Dutch.number(status.getValue())));
        }
        moderation.add(new Row("Reacties met een beslissing van een moderator", Dutch.number(r.reactions().moderated())));
        moderation.add(new Row("Reacties met een officiële reactie van de gemeente",
                Dutch.number(r.reactions().withOfficialReply())));
        moderation.add(new Row("Doorlooptijd tot de beslissing, mediaan",
                Dutch.duration(r.reactions().medianModerationMinutes())));
        moderation.add(new Row("Doorlooptijd tot de beslissing, 90% binnen",
                Dutch.duration(r.reactions().p90ModerationMinutes())));

        ParticipationReport.Feedback f = r.feedback();
        String timeliness = timeliness(r);
        List<String> closing = closing(r, municipality, project, consultation, period, reactions, votes, youth,
                timeliness);
        return new ReportDocument(
                "Participatieverslag " + consultation + " – gemeente " + municipality,
                municipality, project, consultation, period, Dutch.name(Dutch.CONSULTATION_STATUSES,
                        WireEnums.value(r.status())), Dutch.dateTime(r.generatedAt()),
                Dutch.clean(r.question()), level, ladder, orNone(r.openForInput()), orNone(r.fixed()),
                orNone(r.decisionMaker()), Dutch.date(d.feedbackDueDate()),
                r.moderationMode() == ModerationMode.PRE ? "vooraf: een reactie verschijnt pas na goedkeuring"
                        : "achteraf: een reactie verschijnt meteen en wordt daarna beoordeeld",
                WireEnums.value(r.audience()).equals("panel") ? "de leden van een panel" : "iedereen",
                reach, youthNote, timeline.chart(), timeline.unit(), timeline.rows(), groups, polls, moderation,
                f != null, f == null ? "" : Dutch.clean(f.summary()), f == null ? "" : Dutch.clean(f.decision()),
                f == null || f.decidedBy() == null ? orNone(r.decisionMaker()) : Dutch.clean(f.decidedBy()),
                f == null || f.changes() == null ? "niet vermeld" : Dutch.clean(f.changes()),
                f == null ? "" : Dutch.date(f.publishedAt()), timeliness, closing);
    }

    /** On time, or how late — or, without feedback, whether it is overdue. */
    private static String timeliness(ParticipationReport r) {
        LocalDate due = r.dates().feedbackDueDate();
        ParticipationReport.Feedback f = r.feedback();
        if (due == null) {
            return "Er was geen datum voor de terugkoppeling vastgelegd.";
        }
        if (f == null) {
            LocalDate today = LocalDate.ofInstant(r.generatedAt(), nl.sed.samen.consultation.Consultation.ZONE);
            long late = ChronoUnit.DAYS.between(due, today);
            return late > 0 ? "De terugkoppeling was toegezegd voor " + Dutch.date(due) + " en is " + Dutch.days(late)
                    + " over tijd." : "De terugkoppeling is toegezegd voor " + Dutch.date(due) + ".";
        }
        LocalDate published = LocalDate.ofInstant(f.publishedAt(), nl.sed.samen.consultation.Consultation.ZONE);
        long late = ChronoUnit.DAYS.between(due, published);
        return late <= 0 ? "Op tijd: gepubliceerd op " + Dutch.date(published) + ", toegezegd voor " + Dutch.date(due)
                + "." : Dutch.days(late) + " te laat: gepubliceerd op " + Dutch.date(published) + ", toegezegd voor "
                + Dutch.date(due) + ".";
    }

    private static List<String> closing(ParticipationReport r, String municipality, String project,
            String consultation, String period, long reactions, long votes, ImpactMeter.Share youth,
            String timeliness) {
        List<String> paragraphs = new ArrayList<>();
        String level = r.participationLevel() == null ? "" : ", op de trede ‘"
                + Dutch.name(Dutch.LEVELS, WireEnums.value(r.participationLevel())) + "’ van de participatieladder";
        paragraphs.add("Inwoners van " + municipality + " zijn bij het project ‘" + project
                + "’ betrokken met de raadpleging ‘" + consultation + "’ (" + period + level + "). "
                + (r.openForInput() == null ? "" : "Open voor inbreng was: " + Dutch.clean(r.openForInput()).strip()
                        + end(r.openForInput()) + " ")
                + (r.fixed() == null ? "" : "Vast stond: " + Dutch.clean(r.fixed()).strip() + end(r.fixed())));
        paragraphs.add("Er kwamen " + Dutch.number(reactions) + (reactions == 1 ? " reactie" : " reacties") + " en "
                + Dutch.number(votes) + (votes == 1 ? " stem" : " stemmen") + " binnen"
                + (r.polls().isEmpty() ? "" : " in " + r.polls().size() + (r.polls().size() == 1 ? " peiling"
                : " peilingen"))
                + (youth != null && !youth.suppressed() && youth.share() != null ? "; " + Dutch.share(youth.share())
                        + " van de deelnemers die hun leeftijd opgaven was jonger dan 25" : "")
                + ". De gemeente gaf op " + Dutch.number(r.reactions().withOfficialReply())
                + (r.reactions().withOfficialReply() == 1 ? " reactie" : " reacties") + " een officiële reactie.");
        ParticipationReport.Feedback f = r.feedback();
        if (f == null) {
            paragraphs.add("Wat met de inbreng is gedaan, is nog niet aan de deelnemers teruggekoppeld. " + timeliness);
        } else {
            paragraphs.add("Met de resultaten is het volgende gedaan: " + Dutch.clean(f.decision()).strip()
                    + end(f.decision())
                    + (f.changes() == null ? "" : " Wat er daardoor veranderde: " + Dutch.clean(f.changes()).strip()
                            + end(f.changes()))
                    + " De deelnemers zijn hierover geïnformeerd. " + timeliness);
        }
        String decides = f != null && f.decidedBy() != null ? f.decidedBy() : r.decisionMaker();
        if (decides != null) {
            paragraphs.add("Het besluit ligt bij: " + Dutch.clean(decides).strip() + end(decides));
        }
        return paragraphs;
    }

    private static String end(String sentence) {
        String s = sentence.strip();
        return s.isEmpty() || ".!?".indexOf(s.charAt(s.length() - 1)) >= 0 ? "" : ".";
    }

    private static String orNone(String text) {
        return text == null || text.isBlank() ? "niet vastgelegd" : Dutch.clean(text);
    }

    private static GroupTable groups(String caption, List<GroupCount> groups, boolean ageBands, int minimum) {
        List<Row> rows = new ArrayList<>();
        for (GroupCount group : groups) {
            String label = ageBands ? Dutch.name(Dutch.AGE_BANDS, group.group())
                    : "unknown".equals(group.group()) ? "niet opgegeven" : Dutch.clean(group.group());
            rows.add(new Row(label, group.suppressed() ? "minder dan " + minimum + " of niet getoond"
                    : Dutch.number(group.count())));
        }
        return new GroupTable(caption, rows, "Geen groep telt " + minimum
                + " of meer deelnemers; om niemand herkenbaar te maken staan hier geen aantallen.");
    }

    /** The input per day, or per week or month when the days are many, as a chart and as a table. */
    public record Timeline(Charts.Chart chart, String unit, List<TimelineRow> rows) {

        static Timeline of(List<ParticipationReport.Day> days) {
            if (days.isEmpty()) {
                return new Timeline(null, "dag", List.of());
            }
            LocalDate first = days.get(0).date();
            LocalDate last = days.get(days.size() - 1).date();
            long span = ChronoUnit.DAYS.between(first, last) + 1;
            String unit = span <= 45 ? "dag" : span <= 45 * 7 ? "week" : "maand";
            Map<LocalDate, long[]> buckets = new LinkedHashMap<>();
            for (LocalDate day = bucket(first, unit); !day.isAfter(last); day = next(day, unit)) {
                buckets.put(day, new long[2]);
            }
            for (ParticipationReport.Day day : days) {
                long[] counts = buckets.get(bucket(day.date(), unit));
                counts[0] += day.reactions();
                counts[1] += day.votes();
            }
            List<Charts.Step> steps = new ArrayList<>();
            List<TimelineRow> rows = new ArrayList<>();
            long reactions = 0;
            long votes = 0;
            long peak = -1;
            String peakLabel = "";
            for (Map.Entry<LocalDate, long[]> bucket : buckets.entrySet()) {
                String label = unit.equals("maand") ? Dutch.month(bucket.getKey())
                        : (unit.equals("week") ? "wk " : "") + Dutch.shortDate(bucket.getKey());
                long[] c = bucket.getValue();
                steps.add(new Charts.Step(label, c[0], c[1]));
                if (c[0] + c[1] > 0) {
                    rows.add(new TimelineRow(label, Dutch.number(c[0]), Dutch.number(c[1])));
                }
                reactions += c[0];
                votes += c[1];
                if (c[0] + c[1] > peak) {
                    peak = c[0] + c[1];
                    peakLabel = label;
                }
            }
            String alt = "Staafdiagram van de inbreng per " + unit + " van " + Dutch.date(first) + " tot en met "
                    + Dutch.date(last) + ": " + Dutch.number(reactions) + " reacties (dichte staven) en "
                    + Dutch.number(votes) + " stemmen (gearceerde staven). De drukste " + unit + " was " + peakLabel
                    + " met " + Dutch.number(peak) + " bijdragen. De cijfers staan in de tabel hieronder.";
            return new Timeline(Charts.timeline(steps, "Reacties", "Stemmen", alt), unit, rows);
        }

        private static LocalDate bucket(LocalDate day, String unit) {
            return switch (unit) {
                case "week" -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                case "maand" -> day.withDayOfMonth(1);
                default -> day;
            };
        }

        private static LocalDate next(LocalDate day, String unit) {
            return switch (unit) {
                case "week" -> day.plusWeeks(1);
                case "maand" -> day.plusMonths(1);
                default -> day.plusDays(1);
            };
        }
    }
}
