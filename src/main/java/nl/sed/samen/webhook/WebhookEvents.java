package nl.sed.samen.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import nl.sed.samen.common.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes webhook events into the outbox, in the transaction of the change that causes them. The one place that says
 * when each event has happened ({@link Rule}): the services call {@code …Changed} after a change, and
 * {@link #detectByTime} finds what happened by the clock alone (a poll or consultation whose opening or closing time
 * passed), so a poll that closes by itself is reported as one that an editor closes. Each event is recorded once per
 * entity, whichever comes first. Payloads carry official content and ids only: never a resident's text, name,
 * address, age band, village or client key.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class WebhookEvents {

    /** When each event has happened, as a condition on its entity's row ({@code ?3}: now). */
    enum Rule {
        PROJECT_PUBLISHED(EventType.PROJECT_PUBLISHED, "project", "status in ('PUBLISHED', 'ARCHIVED')", false),
        CONSULTATION_OPENED(EventType.CONSULTATION_OPENED, "consultation", "status in ('CLOSED', 'REPORTED') "
                + "or (status = 'OPEN' and (opens_at is null or opens_at <= ?3))", true),
        CONSULTATION_CLOSED(EventType.CONSULTATION_CLOSED, "consultation", "status in ('CLOSED', 'REPORTED') "
                + "or (status = 'OPEN' and closes_at <= ?3)", true),
        CONSULTATION_REPORTED(EventType.CONSULTATION_REPORTED, "consultation", "status = 'REPORTED'", false),
        POLL_OPENED(EventType.POLL_OPENED, "poll", "status = 'CLOSED' "
                + "or (status = 'OPEN' and (opens_at is null or opens_at <= ?3))", true),
        POLL_CLOSED(EventType.POLL_CLOSED, "poll", "status = 'CLOSED' or (status = 'OPEN' and closes_at <= ?3)", true),
        REACTION_PUBLISHED(EventType.REACTION_PUBLISHED, "reaction", "status = 'PUBLISHED'", false);

        final EventType type;
        final String table;
        final String condition;
        /** Whether it can happen by the clock alone, while the row stays OPEN. */
        final boolean timed;

        Rule(EventType type, String table, String condition, boolean timed) {
            this.type = type;
            this.table = table;
            this.condition = condition;
            this.timed = timed;
        }
    }

    private static final int DETECT_BATCH = 200;

    private final EntityManager entityManager;
    private final WebhookOutbox outbox;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final String publicBaseUrl;

    public WebhookEvents(EntityManager entityManager, WebhookOutbox outbox, ObjectMapper mapper, Clock clock,
            @ConfigProperty(name = "samen.public-base-url") String publicBaseUrl) {
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.mapper = mapper;
        this.clock = clock;
        this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
    }

    public void projectChanged(String tenant, UUID id) {
        changed("project", tenant, id);
    }

    public void consultationChanged(String tenant, UUID id) {
        changed("consultation", tenant, id);
    }

    public void pollChanged(String tenant, UUID id) {
        changed("poll", tenant, id);
    }

    public void reactionChanged(String tenant, UUID id) {
        changed("reaction", tenant, id);
    }

    /**
     * Whether any active subscription of the tenant takes this event type, read before a resident's reaction is
     * stored, outside its transaction: when none does, the reaction's transaction holds nothing but its insert (no
     * flush, no check of the row just written, no transition row), and a reaction published while nobody listened is
     * told once to a subscriber who arrives before it is published again (after it was hidden). A subscription created
     * in the same moment as the reaction may miss it, as it would an event a moment before it.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean heard(String tenant, EventType type) {
        return anyoneListens(tenant, type.wire());
    }

    /** A reaction published as it was submitted, in the transaction that stores it: its event, without re-reading it. */
    public void reactionSubmitted(String tenant, UUID id) {
        entityManager.flush();
        record(EventType.REACTION_PUBLISHED, tenant, id, clock.now());
    }

    private void changed(String table, String tenant, UUID id) {
        entityManager.flush();
        Instant now = clock.now();
        for (Rule rule : Rule.values()) {
            if (rule.table.equals(table) && holds(rule, tenant, id, now)) {
                record(rule.type, tenant, id, now);
            }
        }
    }

    /**
     * Records the events that happened by the clock since the last run (each once, whichever instance sees it first);
     * returns how many were recorded.
     */
    @Transactional
    public int detectByTime() {
        Instant now = clock.now();
        int recorded = 0;
        for (Rule rule : Rule.values()) {
            if (!rule.timed) {
                continue;
            }
            @SuppressWarnings("unchecked")
            List<Object[]> due = entityManager.createNativeQuery("select e.id, e.tenant_slug from " + rule.table
                    + " e where e.status = 'OPEN' and (" + rule.condition.replace("?3", "?1") + ") and not exists ("
                    + "select 1 from webhook_transition t where t.entity_id = e.id and t.event_type = ?2) limit "
                    + DETECT_BATCH).setParameter(1, WebhookOutbox.utc(now)).setParameter(2, rule.type.wire())
                    .getResultList();
            for (Object[] row : due) {
                if (record(rule.type, (String) row[1], (UUID) row[0], now)) {
                    recorded++;
                }
            }
        }
        return recorded;
    }

    private boolean holds(Rule rule, String tenant, UUID id, Instant now) {
        var query = entityManager.createNativeQuery("select 1 from " + rule.table + " where id = ?1 and tenant_slug = ?2 "
                + "and (" + rule.condition + ")").setParameter(1, id).setParameter(2, tenant);
        if (rule.condition.contains("?3")) {
            query.setParameter(3, WebhookOutbox.utc(now));
        }
        return !query.getResultList().isEmpty();
    }

    private boolean record(EventType type, String tenant, UUID id, Instant now) {
        if (!outbox.firstTime(id, type.wire(), now)) {
            return false;
        }
        if (anyoneListens(tenant, type.wire())) {
            outbox.fanOut(tenant, type.wire(), envelope(type.wire(), now, data(type, tenant, id, now)), now);
        }
        return true;
    }

    private boolean anyoneListens(String tenant, String type) {
        return !entityManager.createNativeQuery("select 1 from webhook_subscription where tenant_slug = ?1 and active "
                + "and ?2 = any (event_types) limit 1").setParameter(1, tenant).setParameter(2, type)
                .getResultList().isEmpty();
    }

    /** The body as sent and signed: {@code {type, timestamp, data}}, serialised once and stored. */
    String envelope(String type, Instant timestamp, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("timestamp", timestamp);
        body.put("data", data);
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a webhook payload", e);
        }
    }

    private Map<String, Object> data(EventType type, String tenant, UUID id, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tenant", tenant);
        switch (type) {
            case PROJECT_PUBLISHED -> data.put("project", project(tenant, id));
            case CONSULTATION_OPENED, CONSULTATION_CLOSED -> data.put("consultation", consultation(tenant, id, now,
                    false));
            case CONSULTATION_REPORTED -> data.put("consultation", consultation(tenant, id, now, true));
            case POLL_OPENED -> data.put("poll", poll(tenant, id, now, false));
            case POLL_CLOSED -> data.put("poll", poll(tenant, id, now, true));
            case REACTION_PUBLISHED -> data.put("reaction", reaction(tenant, id, now));
        }
        return data;
    }

    private Object[] row(String sql, UUID id) {
        return (Object[]) entityManager.createNativeQuery(sql).setParameter(1, id).getSingleResult();
    }

    private Map<String, Object> project(String tenant, UUID id) {
        Object[] r = row("select id, title, summary, theme, areas, status, updated_at from project where id = ?1", id);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", r[0]);
        p.put("title", r[1]);
        p.put("summary", r[2]);
        p.put("theme", r[3]);
        p.put("areas", r[4] instanceof String[] areas ? List.of(areas) : r[4]);
        p.put("status", lower(r[5]));
        p.put("url", api(tenant, "projects", id));
        return p;
    }

    private Map<String, Object> consultation(String tenant, UUID id, Instant now, boolean withFeedback) {
        Object[] r = row("""
                select id, project_id, title, question, participation_level, opens_at, closes_at, feedback_due_date,
                       status, feedback_summary, feedback_decision, feedback_decided_by, feedback_changes,
                       feedback_published_at
                from consultation where id = ?1""", id);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", r[0]);
        c.put("projectId", r[1]);
        c.put("title", r[2]);
        c.put("question", r[3]);
        c.put("participationLevel", lower(r[4]));
        c.put("opensAt", WebhookOutbox.instant(r[5]));
        c.put("closesAt", WebhookOutbox.instant(r[6]));
        c.put("feedbackDueDate", r[7] instanceof java.sql.Date d ? d.toLocalDate() : r[7]);
        c.put("status", effective((String) r[8], WebhookOutbox.instant(r[6]), now));
        c.put("url", api(tenant, "consultations", id));
        if (withFeedback) {
            Map<String, Object> feedback = new LinkedHashMap<>();
            feedback.put("summary", r[9]);
            feedback.put("decision", r[10]);
            feedback.put("decidedBy", r[11]);
            feedback.put("changes", r[12]);
            feedback.put("publishedAt", WebhookOutbox.instant(r[13]));
            c.put("feedback", feedback);
        }
        return c;
    }

    private Map<String, Object> poll(String tenant, UUID id, Instant now, boolean withResults) {
        Object[] r = row("select id, consultation_id, question, max_choices, opens_at, closes_at, status from poll "
                + "where id = ?1", id);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", r[0]);
        p.put("consultationId", r[1]);
        p.put("question", r[2]);
        p.put("maxChoices", r[3]);
        p.put("opensAt", WebhookOutbox.instant(r[4]));
        p.put("closesAt", WebhookOutbox.instant(r[5]));
        p.put("status", effective((String) r[6], WebhookOutbox.instant(r[5]), now));
        @SuppressWarnings("unchecked")
        List<Object[]> options = entityManager.createNativeQuery("""
                select o.id, o.label, (select coalesce(sum(t.votes), 0) from poll_option_tally t
                                        where t.poll_id = o.poll_id and t.option_id = o.id)
                from poll_option o where o.poll_id = ?1 order by o.position""").setParameter(1, id).getResultList();
        List<Map<String, Object>> shown = new ArrayList<>();
        for (Object[] o : options) {
            Map<String, Object> option = new LinkedHashMap<>();
            option.put("id", o[0]);
            option.put("label", o[1]);
            if (withResults) {
                option.put("votes", ((Number) o[2]).longValue());
            }
            shown.add(option);
        }
        p.put("options", shown);
        if (withResults) {
            Object total = entityManager.createNativeQuery("select coalesce(sum(ballots), 0) from poll_ballot_tally "
                    + "where poll_id = ?1").setParameter(1, id).getSingleResult();
            p.put("totalVotes", ((Number) total).longValue());
        }
        p.put("url", api(tenant, "polls", id));
        return p;
    }

    /** Ids only: what the reaction says and who wrote it stay on the platform (fetch the public list to show it). */
    private Map<String, Object> reaction(String tenant, UUID id, Instant now) {
        Object[] r = row("select id, consultation_id from reaction where id = ?1", id);
        Map<String, Object> reaction = new LinkedHashMap<>();
        reaction.put("id", r[0]);
        reaction.put("consultationId", r[1]);
        reaction.put("publishedAt", now);
        reaction.put("reactionsUrl", api(tenant, "consultations", (UUID) r[1]) + "/reactions");
        return reaction;
    }

    private static String effective(String status, Instant closesAt, Instant now) {
        if ("OPEN".equals(status) && closesAt != null && !now.isBefore(closesAt)) {
            return "closed";
        }
        return lower(status);
    }

    private static String lower(Object value) {
        return value == null ? null : value.toString().toLowerCase(Locale.ROOT);
    }

    private String api(String tenant, String collection, UUID id) {
        return publicBaseUrl + "/api/v1/tenants/" + tenant + "/" + collection + "/" + id;
    }
}
