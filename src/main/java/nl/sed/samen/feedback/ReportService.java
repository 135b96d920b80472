package nl.sed.samen.feedback;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import nl.sed.samen.common.AgeBand;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.GroupCount;
import nl.sed.samen.panel.PanelFigures;
import nl.sed.samen.common.WireEnums;
import nl.sed.samen.consultation.Consultation;
import nl.sed.samen.consultation.ParticipationLevel;
import nl.sed.samen.participation.ParticipationScope;
import nl.sed.samen.participation.Scopes;
import nl.sed.samen.poll.PollStatus;
import nl.sed.samen.reaction.ReactionStatus;

/**
 * Figures for officials: the participation report of a consultation and the impact meter of a tenant. Everything is
 * counted in the database, in a fixed number of queries whatever the number of polls, reactions or consultations;
 * nothing personal leaves it, and groups of participants are suppressed by {@link GroupCount}'s rule.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ReportService {

    static final int OVERDUE_LISTED = 100;
    /**
     * The year a consultation counts in for a yearly impact meter: the year (Dutch time) it opened, or was to open, or
     * was created — the year in which residents were asked.
     */
    private static final String YEAR_OPENED = "extract(year from coalesce(c.opened_at, c.opens_at, c.created_at) "
            + "at time zone '" + Consultation.ZONE.getId() + "')";
    private static final String YOUTH = youthBands();

    private final Scopes scopes;
    private final EntityManager entityManager;
    private final Clock clock;

    private final PanelFigures panelFigures;

    public ReportService(Scopes scopes, EntityManager entityManager, Clock clock, PanelFigures panelFigures) {
        this.panelFigures = panelFigures;
        this.scopes = scopes;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    public ParticipationReport report(String tenant, UUID id) {
        ParticipationScope scope = scopes.consultation(tenant, id);
        Consultation c = scope.consultation();
        Instant now = clock.now();
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (ReactionStatus status : ReactionStatus.values()) {
            byStatus.put(WireEnums.value(status), 0L);
        }
        for (Object[] row : rows("select status, count(*) from reaction where consultation_id = ?1 group by status", id)) {
            byStatus.put(WireEnums.value(ReactionStatus.valueOf((String) row[0])), number(row[1]));
        }
        Object[] moderation = rows("""
                select count(*) filter (where reply_body is not null),
                       count(moderated_at),
                       percentile_cont(0.5) within group (order by extract(epoch from moderated_at - created_at) / 60),
                       percentile_cont(0.9) within group (order by extract(epoch from moderated_at - created_at) / 60)
                from reaction where consultation_id = ?1""", id).get(0);
        ParticipationReport.Reactions reactions = new ParticipationReport.Reactions(
                byStatus.values().stream().mapToLong(Long::longValue).sum(), byStatus, number(moderation[0]),
                number(moderation[1]), decimal(moderation[2]), decimal(moderation[3]));
        return new ParticipationReport(c.id(), c.projectId(), c.tenant(), scope.tenant().name(),
                scope.project().title(), c.title(), c.question(),
                c.participationLevel(), c.openForInput(), c.fixed(), c.decisionMaker(), c.moderationMode(),
                c.audience(), c.status(now),
                new ParticipationReport.Dates(c.createdAt(), c.opensAt(), c.openedAt(), c.closesAt(), c.closedAt(now),
                        c.feedbackDueDate(), c.feedbackPublishedAt()),
                reactions, polls(id, now), participants(id), timeline(id), feedback(c), GroupCount.MINIMUM, now,
                panelFigures.ofConsultation(id), scope.project().isJoint() ? byMunicipality(id) : null);
    }

    /**
     * A joint consultation's input per municipality it came through (reactions not withdrawn, ballots, their age
     * bands, and votes per option of every poll that is not a draft), in one grouped query.
     */
    private ParticipationReport.ByMunicipality byMunicipality(UUID consultationId) {
        Split split = new Split();
        Map<String, Map<String, Long>> options = new java.util.TreeMap<>();
        for (Object[] row : rows("""
                select 'reaction', tenant_slug, null, count(*), count(age_band), count(*) filter (where age_band in (%1$s))
                from reaction where consultation_id = ?1 and status <> 'WITHDRAWN' group by tenant_slug
                union all
                select 'vote', v.tenant_slug, null, count(*), count(v.age_band), count(*) filter (where v.age_band in (%1$s))
                from vote v join poll p on p.id = v.poll_id where p.consultation_id = ?1 group by v.tenant_slug
                union all
                select 'option', v.tenant_slug, p.id || ' ' || o.label, count(*), 0, 0
                from vote v join poll p on p.id = v.poll_id, unnest(v.option_ids) chosen(option_id)
                join poll_option o on o.id = chosen.option_id
                where p.consultation_id = ?1 and p.status <> 'DRAFT' group by v.tenant_slug, p.id, o.label
                """.formatted(YOUTH), consultationId)) {
            String tenant = (String) row[1];
            if ("option".equals(row[0])) {
                String key = (String) row[2];
                options.computeIfAbsent(key.substring(0, 36) + " " + tenant, k -> new LinkedHashMap<>())
                        .merge(key.substring(37), number(row[3]), Long::sum);
            } else {
                split.add("reaction".equals(row[0]), tenant, number(row[3]), number(row[4]), number(row[5]));
            }
        }
        // a poll's split is a table beside its whole result: one small cell would follow from the whole minus the
        // other municipalities' cells, so a poll with any cell of 1 to 4 shows no municipality's split at all
        java.util.Set<String> smallPolls = new java.util.HashSet<>();
        options.forEach((key, counts) -> {
            if (counts.values().stream().anyMatch(n -> n > 0 && n < GroupCount.MINIMUM)) {
                smallPolls.add(key.substring(0, 36));
            }
        });
        List<ParticipationReport.PollByMunicipality> polls = new ArrayList<>();
        options.forEach((key, counts) -> {
            boolean small = smallPolls.contains(key.substring(0, 36));
            polls.add(new ParticipationReport.PollByMunicipality(UUID.fromString(key.substring(0, 36)),
                    key.substring(37), small ? List.of() : GroupCount.of(counts), small));
        });
        List<GroupCount> reactions = GroupCount.of(split.reactions);
        List<GroupCount> votes = GroupCount.of(split.votes);
        return new ParticipationReport.ByMunicipality(reactions, votes, split.reach(reactions, votes), split.youth(),
                polls);
    }

    /** Input counted per municipality: reactions, ballots, those with an age band and the young among them. */
    private static final class Split {
        final Map<String, Long> reactions = new java.util.TreeMap<>();
        final Map<String, Long> votes = new java.util.TreeMap<>();
        final Map<String, Long> withAge = new java.util.TreeMap<>();
        final Map<String, Long> young = new java.util.TreeMap<>();

        void add(boolean reaction, String tenant, long count, long withAgeBand, long youth) {
            (reaction ? reactions : votes).merge(tenant, count, Long::sum);
            withAge.merge(tenant, withAgeBand, Long::sum);
            young.merge(tenant, youth, Long::sum);
        }

        /** Reactions and ballots per municipality: only while both lists are shown whole, or the sum would tell. */
        List<GroupCount> reach(List<GroupCount> shownReactions, List<GroupCount> shownVotes) {
            if (Stream.concat(shownReactions.stream(), shownVotes.stream()).anyMatch(GroupCount::suppressed)
                    || shownReactions.isEmpty() && !reactions.isEmpty() || shownVotes.isEmpty() && !votes.isEmpty()) {
                return List.of();
            }
            Map<String, Long> reach = new java.util.TreeMap<>(reactions);
            votes.forEach((tenant, count) -> reach.merge(tenant, count, Long::sum));
            return GroupCount.of(reach);
        }

        /** The youth share per municipality: all of them or none, since the whole's share is shown beside them. */
        List<ParticipationReport.MunicipalShare> youth() {
            List<ParticipationReport.MunicipalShare> shares = withAge.keySet().stream()
                    .map(tenant -> new ParticipationReport.MunicipalShare(tenant,
                            ImpactMeter.Share.of(young.getOrDefault(tenant, 0L), withAge.get(tenant)))).toList();
            return shares.stream().anyMatch(s -> s.share().suppressed()) ? List.of() : shares;
        }
    }

    /** Input per day in the municipalities' time zone, grouped in the database: one row per day with input. */
    private List<ParticipationReport.Day> timeline(UUID consultationId) {
        String zone = Consultation.ZONE.getId();
        List<ParticipationReport.Day> days = new ArrayList<>();
        for (Object[] row : rows("""
                select day, sum(reactions), sum(votes) from (
                    select (created_at at time zone '%1$s')::date as day, count(*) as reactions, 0 as votes
                    from reaction where consultation_id = ?1 and status <> 'WITHDRAWN' group by 1
                    union all
                    select (v.cast_at at time zone '%1$s')::date, 0, count(*)
                    from vote v join poll p on p.id = v.poll_id where p.consultation_id = ?1 group by 1) input
                group by day order by day""".formatted(zone), consultationId)) {
            LocalDate day = row[0] instanceof LocalDate d ? d : ((java.sql.Date) row[0]).toLocalDate();
            days.add(new ParticipationReport.Day(day, number(row[1]), number(row[2])));
        }
        return days;
    }

    /** Every poll that is not a draft with its options and totals, in one query. */
    private List<ParticipationReport.PollResult> polls(UUID consultationId, Instant now) {
        List<ParticipationReport.PollResult> polls = new ArrayList<>();
        UUID current = null;
        List<ParticipationReport.PollResult.Option> options = null;
        for (Object[] row : rows("""
                with polls as (select id, question, status, closes_at, created_at from poll
                               where consultation_id = ?1 and status <> 'DRAFT'),
                     options as (select option_id, sum(votes) as votes from poll_option_tally
                                 where poll_id in (select id from polls) group by option_id),
                     ballots as (select poll_id, sum(ballots) as ballots from poll_ballot_tally
                                 where poll_id in (select id from polls) group by poll_id)
                select p.id, p.question, p.status, p.closes_at, coalesce(b.ballots, 0), o.label, coalesce(t.votes, 0)
                from polls p
                left join ballots b on b.poll_id = p.id
                left join poll_option o on o.poll_id = p.id
                left join options t on t.option_id = o.id
                order by p.created_at, p.id, o.position""", consultationId)) {
            UUID pollId = (UUID) row[0];
            if (!pollId.equals(current)) {
                current = pollId;
                options = new ArrayList<>();
                PollStatus status = PollStatus.valueOf((String) row[2]);
                Instant closesAt = instant(row[3]);
                if (status == PollStatus.OPEN && closesAt != null && !now.isBefore(closesAt)) {
                    status = PollStatus.CLOSED;
                }
                polls.add(new ParticipationReport.PollResult(pollId, (String) row[1], WireEnums.value(status),
                        number(row[4]), options));
            }
            if (row[5] != null) {
                options.add(new ParticipationReport.PollResult.Option((String) row[5], number(row[6])));
            }
        }
        return polls;
    }

    /** Participants by age band and village, for reactions (not withdrawn) and votes, from one grouped query. */
    private ParticipationReport.Participants participants(UUID consultationId) {
        Map<String, Long> reactionAges = new LinkedHashMap<>();
        Map<String, Long> reactionAreas = new LinkedHashMap<>();
        Map<String, Long> voteAges = new LinkedHashMap<>();
        Map<String, Long> voteAreas = new LinkedHashMap<>();
        for (Object[] row : rows("""
                select 'reaction', age_band, area, count(*) from reaction
                where consultation_id = ?1 and status <> 'WITHDRAWN' group by age_band, area
                union all
                select 'vote', v.age_band, v.area, count(*) from vote v join poll p on p.id = v.poll_id
                where p.consultation_id = ?1 group by v.age_band, v.area""", consultationId)) {
            boolean reaction = "reaction".equals(row[0]);
            String age = row[1] == null ? "unknown" : WireEnums.value(AgeBand.valueOf((String) row[1]));
            String area = row[2] == null ? "unknown" : (String) row[2];
            (reaction ? reactionAges : voteAges).merge(age, number(row[3]), Long::sum);
            (reaction ? reactionAreas : voteAreas).merge(area, number(row[3]), Long::sum);
        }
        List<GroupCount> reactionAgeGroups = GroupCount.of(reactionAges);
        List<GroupCount> voteAgeGroups = GroupCount.of(voteAges);
        return new ParticipationReport.Participants(reactionAgeGroups, GroupCount.of(reactionAreas),
                voteAgeGroups, GroupCount.of(voteAreas), youth(reactionAges, reactionAgeGroups, voteAges, voteAgeGroups));
    }

    /**
     * The youth share the impact meter gives, for one consultation beside its age bands. Shown only while every age band
     * of both lists is shown: with a band hidden, the share (or its base, which leaves out "unknown") would split the
     * hidden groups' sum that the total gives, and could single one out. Then it is null.
     */
    private static ImpactMeter.Share youth(Map<String, Long> reactionAges, List<GroupCount> reactionGroups,
            Map<String, Long> voteAges, List<GroupCount> voteGroups) {
        if (!fullyShown(reactionAges, reactionGroups) || !fullyShown(voteAges, voteGroups)) {
            return null;
        }
        long youth = 0;
        long withAge = 0;
        for (AgeBand band : AgeBand.values()) {
            String key = WireEnums.value(band);
            long count = reactionAges.getOrDefault(key, 0L) + voteAges.getOrDefault(key, 0L);
            withAge += count;
            youth += band.isYouth() ? count : 0;
        }
        return ImpactMeter.Share.of(youth, withAge);
    }

    private static boolean fullyShown(Map<String, Long> counts, List<GroupCount> groups) {
        boolean any = counts.values().stream().anyMatch(n -> n > 0);
        return !any || !groups.isEmpty() && groups.stream().noneMatch(GroupCount::suppressed);
    }

    private static ParticipationReport.Feedback feedback(Consultation c) {
        return c.feedbackPublishedAt() == null ? null
                : new ParticipationReport.Feedback(c.feedbackSummary(), c.feedbackDecision(), c.feedbackDecidedBy(),
                        c.feedbackChanges(), c.feedbackPublishedAt(), c.feedbackOnTime());
    }

    /**
     * The impact meter in four queries after the scope's: consultations per rung, reactions, votes, and feedback
     * (reported, on time, overdue — an open consultation past its closing time counts as closed, as everywhere). With a
     * year, only the consultations that opened in it.
     */
    public ImpactMeter impact(String tenant, UUID projectId, Integer year) {
        Instant now = clock.now();
        ParticipationScope where = projectId == null ? scopes.tenant(tenant) : scopes.project(tenant, projectId);
        String scope = "exists (select 1 from project pj where pj.id = c.project_id"
                + " and cast(:tenant as text) = any(pj.participants)) and c.status <> 'DRAFT'" + (projectId == null ? ""
                : " and c.project_id = :project") + (year == null ? "" : " and " + YEAR_OPENED + " = :year");
        Map<String, Long> perLevel = new LinkedHashMap<>();
        for (ParticipationLevel level : ParticipationLevel.values()) {
            perLevel.put(WireEnums.value(level), 0L);
        }
        long consultationCount = 0;
        for (Object[] row : scoped("select c.participation_level, count(*) from consultation c where " + scope
                + " group by c.participation_level", tenant, projectId, year, now)) {
            consultationCount += number(row[1]);
            if (row[0] != null) {
                perLevel.put(WireEnums.value(ParticipationLevel.valueOf((String) row[0])), number(row[1]));
            }
        }
        Object[] r = scoped("""
                select count(*) filter (where r.status <> 'WITHDRAWN'),
                       count(*) filter (where r.status = 'PUBLISHED'),
                       count(*) filter (where r.status = 'PUBLISHED' and r.reply_body is not null),
                       percentile_cont(0.5) within group (order by extract(epoch from r.moderated_at - r.created_at) / 60),
                       count(r.age_band) filter (where r.status <> 'WITHDRAWN'),
                       count(*) filter (where r.status <> 'WITHDRAWN' and r.age_band in (%s))
                from reaction r join consultation c on c.id = r.consultation_id where %s""".formatted(YOUTH, scope),
                tenant, projectId, year, now).get(0);
        Object[] v = scoped("""
                select count(*), count(v.age_band), count(*) filter (where v.age_band in (%s))
                from vote v join poll p on p.id = v.poll_id join consultation c on c.id = p.consultation_id
                where %s""".formatted(YOUTH, scope), tenant, projectId, year, now).get(0);
        Split split = new Split();
        for (Object[] row : scoped("""
                select 'reaction', r.tenant_slug, count(*), count(r.age_band), count(*) filter (where r.age_band in (%1$s))
                from reaction r join consultation c on c.id = r.consultation_id
                where r.status <> 'WITHDRAWN' and %2$s group by r.tenant_slug
                union all
                select 'vote', v.tenant_slug, count(*), count(v.age_band), count(*) filter (where v.age_band in (%1$s))
                from vote v join poll p on p.id = v.poll_id join consultation c on c.id = p.consultation_id
                where %2$s group by v.tenant_slug""".formatted(YOUTH, scope), tenant, projectId, year, now)) {
            split.add("reaction".equals(row[0]), (String) row[1], number(row[2]), number(row[3]), number(row[4]));
        }
        long withAge = number(r[4]) + number(v[1]);
        long youth = number(r[5]) + number(v[2]);

        LocalDate today = LocalDate.ofInstant(now, Consultation.ZONE);
        String closed = "(c.status = 'CLOSED' or c.status = 'OPEN' and c.closes_at <= :now)";
        String overdueRule = closed + " and c.feedback_due_date < :today";
        Object[] f = scoped("""
                select count(*) filter (where c.status = 'REPORTED'),
                       count(*) filter (where c.status = 'REPORTED' and c.feedback_due_date is not null
                           and (c.feedback_published_at at time zone 'Europe/Amsterdam')::date <= c.feedback_due_date),
                       count(*) filter (where %s)
                from consultation c where %s""".formatted(overdueRule, scope), tenant, projectId, year, now, today)
                .get(0);
        List<ImpactMeter.Overdue> overdue = new ArrayList<>();
        for (Object[] row : scoped("select c.id, c.title, c.feedback_due_date from consultation c where " + scope
                + " and " + overdueRule + " order by c.feedback_due_date, c.id limit " + OVERDUE_LISTED,
                tenant, projectId, year, now, today)) {
            LocalDate due = row[2] instanceof LocalDate d ? d : ((java.sql.Date) row[2]).toLocalDate();
            overdue.add(new ImpactMeter.Overdue((UUID) row[0], (String) row[1], due, ChronoUnit.DAYS.between(due, today)));
        }
        long reported = number(f[0]);
        long onTime = number(f[1]);
        return new ImpactMeter(tenant, where.tenant().name(), projectId,
                where.project() == null ? null : where.project().title(), consultationCount, perLevel, number(r[0]),
                number(v[0]),
                ImpactMeter.Share.of(youth, withAge), ImpactMeter.Share.of(number(r[2]), number(r[1])),
                decimal(r[3]),
                new ImpactMeter.FeedbackFigures(reported, onTime, reported == 0 ? null
                        : Math.round(onTime * 1000.0 / reported) / 1000.0, number(f[2])),
                overdue, year, GroupCount.MINIMUM, now, panelFigures.of(tenant, projectId),
                byMunicipality(split));
    }

    private static ImpactMeter.ByMunicipality byMunicipality(Split split) {
        List<GroupCount> reactions = GroupCount.of(split.reactions);
        List<GroupCount> votes = GroupCount.of(split.votes);
        return new ImpactMeter.ByMunicipality(reactions, votes, split.reach(reactions, votes), split.youth());
    }

    private List<Object[]> rows(String sql, UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> result = entityManager.createNativeQuery(sql).setParameter(1, id).getResultList();
        return result;
    }

    /** Binds :tenant, and :project, :year, :now and :today where the statement has them. */
    private List<Object[]> scoped(String sql, String tenant, UUID projectId, Integer year, Instant now,
            LocalDate... today) {
        var query = entityManager.createNativeQuery(sql).setParameter("tenant", tenant);
        if (projectId != null) {
            query.setParameter("project", projectId);
        }
        if (sql.contains(":now")) {
            query.setParameter("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        }
        if (today.length > 0) {
            query.setParameter("today", today[0]);
        }
        if (sql.contains(":year")) {
            query.setParameter("year", year);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> result = query.getResultList();
        return result;
    }

    private static String youthBands() {
        StringBuilder bands = new StringBuilder();
        for (AgeBand band : AgeBand.values()) {
            if (band.isYouth()) {
                bands.append(bands.isEmpty() ? "" : ", ").append('\'').append(band.name()).append('\'');
            }
        }
        return bands.toString();
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Double decimal(Object value) {
        return value == null ? null : Math.round(((Number) value).doubleValue() * 10) / 10.0;
    }
}
