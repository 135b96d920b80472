package nl.sed.samen.feedback;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.sed.samen.common.AgeBand;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.GroupCount;
import nl.sed.samen.common.WireEnums;
import nl.sed.samen.consultation.Consultation;
import nl.sed.samen.consultation.ConsultationRepository;
import nl.sed.samen.consultation.ConsultationStatus;
import nl.sed.samen.consultation.ParticipationLevel;
import nl.sed.samen.participation.Scopes;
import nl.sed.samen.reaction.ReactionStatus;

/**
 * Figures for officials: the participation report of a consultation and the impact meter of a tenant. Everything is
 * counted in the database; nothing personal leaves it.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ReportService {

    private final ConsultationRepository consultations;
    private final Scopes scopes;
    private final EntityManager entityManager;
    private final Clock clock;

    public ReportService(ConsultationRepository consultations, Scopes scopes, EntityManager entityManager,
            Clock clock) {
        this.consultations = consultations;
        this.scopes = scopes;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    public ParticipationReport report(String tenant, UUID id) {
        Consultation c = scopes.consultation(tenant, id).consultation();
        Instant now = clock.now();
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (ReactionStatus status : ReactionStatus.values()) {
            byStatus.put(WireEnums.value(status), 0L);
        }
        for (Object[] row : rows("select status, count(*) from reaction where consultation_id = ?1 group by status", id)) {
            byStatus.put(WireEnums.value(ReactionStatus.valueOf((String) row[0])), number(row[1]));
        }
        Object[] moderation = (Object[]) entityManager.createNativeQuery("""
                select count(*) filter (where reply_body is not null),
                       count(moderated_at),
                       percentile_cont(0.5) within group (order by extract(epoch from moderated_at - created_at) / 60),
                       percentile_cont(0.9) within group (order by extract(epoch from moderated_at - created_at) / 60)
                from reaction where consultation_id = ?1""").setParameter(1, id).getSingleResult();
        ParticipationReport.Reactions reactions = new ParticipationReport.Reactions(
                byStatus.values().stream().mapToLong(Long::longValue).sum(), byStatus, number(moderation[0]),
                number(moderation[1]), decimal(moderation[2]), decimal(moderation[3]));

        List<ParticipationReport.PollResult> polls = new ArrayList<>();
        for (Object[] poll : rows("select id, question, status from poll where consultation_id = ?1 and status <> 'DRAFT'"
                + " order by created_at, id", id)) {
            UUID pollId = (UUID) poll[0];
            List<ParticipationReport.PollResult.Option> options = new ArrayList<>();
            for (Object[] option : rows("""
                    select o.label, coalesce((select sum(t.votes) from poll_option_tally t where t.option_id = o.id), 0)
                    from poll_option o where o.poll_id = ?1 order by o.position""", pollId)) {
                options.add(new ParticipationReport.PollResult.Option((String) option[0], number(option[1])));
            }
            long total = number(entityManager.createNativeQuery(
                    "select coalesce(sum(ballots), 0) from poll_ballot_tally where poll_id = ?1")
                    .setParameter(1, pollId).getSingleResult());
            polls.add(new ParticipationReport.PollResult(pollId, (String) poll[1],
                    ((String) poll[2]).toLowerCase(java.util.Locale.ROOT), total, options));
        }

        ParticipationReport.Participants participants = new ParticipationReport.Participants(
                GroupCount.of(ageBands(rows("select age_band, count(*) from reaction where consultation_id = ?1 "
                        + "and status <> 'WITHDRAWN' group by age_band", id))),
                GroupCount.of(areas(rows("select area, count(*) from reaction where consultation_id = ?1 "
                        + "and status <> 'WITHDRAWN' group by area", id))),
                GroupCount.of(ageBands(rows("select v.age_band, count(*) from vote v join poll p on p.id = v.poll_id "
                        + "where p.consultation_id = ?1 group by v.age_band", id))),
                GroupCount.of(areas(rows("select v.area, count(*) from vote v join poll p on p.id = v.poll_id "
                        + "where p.consultation_id = ?1 group by v.area", id))));

        ParticipationReport.Feedback feedback = c.feedbackPublishedAt() == null ? null
                : new ParticipationReport.Feedback(c.feedbackSummary(), c.feedbackDecision(), c.feedbackDecidedBy(),
                        c.feedbackChanges(), c.feedbackPublishedAt(), c.feedbackOnTime());
        return new ParticipationReport(c.id(), c.projectId(), c.tenant(), c.title(), c.question(),
                c.participationLevel(), c.openForInput(), c.fixed(), c.decisionMaker(), c.moderationMode(),
                c.audience(), c.status(now),
                new ParticipationReport.Dates(c.createdAt(), c.opensAt(), c.openedAt(), c.closesAt(), c.closedAt(now),
                        c.feedbackDueDate(), c.feedbackPublishedAt()),
                reactions, polls, participants, feedback, GroupCount.MINIMUM, now);
    }

    public ImpactMeter impact(String tenant, UUID projectId) {
        String scope = "c.tenant_slug = ?1 and c.status <> 'DRAFT'" + (projectId == null ? "" : " and c.project_id = ?2");
        Map<String, Long> perLevel = new LinkedHashMap<>();
        for (ParticipationLevel level : ParticipationLevel.values()) {
            perLevel.put(WireEnums.value(level), 0L);
        }
        long consultationCount = 0;
        for (Object[] row : scoped("select c.participation_level, count(*) from consultation c where " + scope
                + " group by c.participation_level", tenant, projectId)) {
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
                       count(*) filter (where r.status <> 'WITHDRAWN' and r.age_band in ('UNDER_16', 'AGE_16_17', 'AGE_18_24'))
                from reaction r join consultation c on c.id = r.consultation_id where """ + " " + scope, tenant, projectId).get(0);
        Object[] v = scoped("""
                select count(*), count(v.age_band),
                       count(*) filter (where v.age_band in ('UNDER_16', 'AGE_16_17', 'AGE_18_24'))
                from vote v join poll p on p.id = v.poll_id join consultation c on c.id = p.consultation_id
                where """ + " " + scope, tenant, projectId).get(0);
        long withAge = number(r[4]) + number(v[1]);
        long youth = number(r[5]) + number(v[2]);

        LocalDate today = LocalDate.ofInstant(clock.now(), Consultation.ZONE);
        long reported = 0;
        long onTime = 0;
        List<ImpactMeter.Overdue> overdue = new ArrayList<>();
        List<UUID> ids = idsOf(scoped("select c.id, 0 from consultation c where " + scope, tenant, projectId));
        for (Consultation consultation : ids.isEmpty() ? List.<Consultation>of() : consultations.list(
                "select c from Consultation c where c.id in ?1 order by c.feedbackDueDate nulls last, c.id", ids)) {
            Boolean inTime = consultation.feedbackOnTime();
            ConsultationStatus status = consultation.status(clock.now());
            if (status == ConsultationStatus.REPORTED) {
                reported++;
                onTime += Boolean.TRUE.equals(inTime) ? 1 : 0;
            } else if (status == ConsultationStatus.CLOSED && consultation.feedbackDueDate() != null
                    && consultation.feedbackDueDate().isBefore(today)) {
                overdue.add(new ImpactMeter.Overdue(consultation.id(), consultation.title(),
                        consultation.feedbackDueDate(), ChronoUnit.DAYS.between(consultation.feedbackDueDate(), today)));
            }
        }
        return new ImpactMeter(tenant, projectId, consultationCount, perLevel, number(r[0]), number(v[0]),
                new ImpactMeter.Share(withAge, youth, share(youth, withAge)),
                new ImpactMeter.Share(number(r[1]), number(r[2]), share(number(r[2]), number(r[1]))),
                decimal(r[3]),
                new ImpactMeter.FeedbackFigures(reported, onTime, share(onTime, reported), overdue.size()),
                overdue, clock.now());
    }

    private List<Object[]> rows(String sql, UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> result = entityManager.createNativeQuery(sql).setParameter(1, id).getResultList();
        return result;
    }

    private List<Object[]> scoped(String sql, String tenant, UUID projectId) {
        var query = entityManager.createNativeQuery(sql).setParameter(1, tenant);
        if (projectId != null) {
            query.setParameter(2, projectId);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> result = query.getResultList();
        return result;
    }

    private static List<UUID> idsOf(List<Object[]> rows) {
        return rows.stream().map(row -> (UUID) row[0]).toList();
    }

    private static Map<String, Long> ageBands(List<Object[]> rows) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Object[] row : rows) {
            counts.put(row[0] == null ? "unknown" : WireEnums.value(AgeBand.valueOf((String) row[0])), number(row[1]));
        }
        return counts;
    }

    private static Map<String, Long> areas(List<Object[]> rows) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Object[] row : rows) {
            counts.put(row[0] == null ? "unknown" : (String) row[0], number(row[1]));
        }
        return counts;
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Double decimal(Object value) {
        return value == null ? null : Math.round(((Number) value).doubleValue() * 10) / 10.0;
    }

    private static Double share(long part, long whole) {
        return whole == 0 ? null : Math.round(part * 1000.0 / whole) / 1000.0;
    }
}
