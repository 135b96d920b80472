package nl.sed.samen.panel;

import io.quarkus.mailer.Mail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import nl.sed.samen.common.PlainText;
import nl.sed.samen.common.PublicAddress;
import nl.sed.samen.feedback.MailQueue;

/**
 * The panel's mails as a {@link MailQueue} of the shared sender. A row holds its recipient and, where it has one, its
 * link token, both sealed under the row's id ({@link AddressVault}); the row is deleted once its outcome is known (sent,
 * given up, or a claim whose outcome was lost: not sent again), and with its member when the member leaves.
 */
@ApplicationScoped
public class PanelMails implements MailQueue {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.forLanguageTag("nl"))
            .withZone(ZoneId.of("Europe/Amsterdam"));

    private final EntityManager entityManager;
    private final AddressVault vault;
    private final PublicAddress publicAddress;

    public PanelMails(EntityManager entityManager, AddressVault vault, PublicAddress publicAddress) {
        this.entityManager = entityManager;
        this.vault = vault;
        this.publicAddress = publicAddress;
    }

    /** Queues a mail to this address (sealed here), with this link token (or none), due now. */
    void queue(UUID memberId, UUID invitationId, MailKind kind, String recipient, String linkToken, Instant now) {
        UUID id = UUID.randomUUID();
        entityManager.createNativeQuery("""
                insert into panel_mail (id, member_id, invitation_id, kind, recipient, link, status, attempts,
                                        next_attempt_at, created_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, 'PENDING', 0, ?7, ?7)""")
                .setParameter(1, id).setParameter(2, memberId).setParameter(3, invitationId)
                .setParameter(4, kind.name()).setParameter(5, vault.encrypt(recipient, id))
                .setParameter(6, PanelMembers.bytes(linkToken == null ? null : vault.encrypt(linkToken, id)))
                .setParameter(7, Panels.utc(now)).executeUpdate();
    }

    /** Whether a mail for this member waits to be sent (a repeated sign-up then queues no second one). */
    boolean waitingFor(UUID memberId) {
        return ((Number) entityManager.createNativeQuery("select count(*) from panel_mail where member_id = ?1")
                .setParameter(1, memberId).getSingleResult()).longValue() > 0;
    }

    @Override
    public String name() {
        return "panel";
    }

    @Override
    public Optional<Claimed> claimNext(Instant now, Instant until) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                with due as (
                    select id from panel_mail where status = 'PENDING' and next_attempt_at <= ?1
                    order by next_attempt_at, id limit 1 for update skip locked),
                claimed as (
                    update panel_mail m set status = 'SENDING', attempts = m.attempts + 1, claimed_until = ?2
                    from due where m.id = due.id
                    returning m.id, m.member_id, m.invitation_id, m.kind, m.recipient, m.link, m.attempts)
                select claimed.id, claimed.member_id, claimed.kind, claimed.recipient, claimed.link, claimed.attempts,
                       pm.tenant_slug, t.name, p.name, pm.status, c.id, c.title, c.closes_at
                from claimed join panel_member pm on pm.id = claimed.member_id
                join panel p on p.id = pm.panel_id
                join tenant t on t.slug = pm.tenant_slug
                left join panel_invitation i on i.id = claimed.invitation_id
                left join consultation c on c.id = i.consultation_id""")
                .setParameter(1, Panels.utc(now)).setParameter(2, Panels.utc(until)).getResultList();
        return rows.stream().findFirst().map(this::claimed);
    }

    private Claimed claimed(Object[] r) {
        UUID id = (UUID) r[0];
        UUID member = (UUID) r[1];
        MailKind kind = MailKind.valueOf((String) r[2]);
        String recipient = vault.decrypt((byte[]) r[3], id);
        String link = r[4] == null ? null : vault.decrypt((byte[]) r[4], id);
        Letter letter = new Letter(kind, (String) r[6], (String) r[7], (String) r[8],
                MemberStatus.valueOf((String) r[9]), (UUID) r[10], (String) r[11], Panels.instant(r[12]), link,
                vault.leaveToken(member));
        return new Claimed(id, ((Number) r[5]).intValue(), letter.mail(recipient, publicAddress.of((String) r[6])), null);
    }

    @Override
    public void sent(Claimed message, Instant now) {
        delete(message.id());
    }

    @Override
    public void failed(Claimed message, String error) {
        delete(message.id());
    }

    @Override
    public void retryAt(Claimed message, String error, Instant next) {
        entityManager.createNativeQuery("update panel_mail set status = 'PENDING', last_error = ?2, "
                + "next_attempt_at = ?3, claimed_until = null where id = ?1 and status = 'SENDING'")
                .setParameter(1, message.id()).setParameter(2, error).setParameter(3, Panels.utc(next))
                .executeUpdate();
    }

    @Override
    public int closeExpiredClaims(Instant now) {
        return entityManager.createNativeQuery("delete from panel_mail where status = 'SENDING' and claimed_until < ?1")
                .setParameter(1, Panels.utc(now)).executeUpdate();
    }

    private void delete(UUID id) {
        entityManager.createNativeQuery("delete from panel_mail where id = ?1 and status = 'SENDING'")
                .setParameter(1, id).executeUpdate();
    }

    /** What one mail says (Dutch, B1), and its links: pages of the embed, the token after the #, never sent to a server by a browser. */
    record Letter(MailKind kind, String tenant, String municipality, String panel, MemberStatus status,
            UUID consultationId, String consultationTitle, Instant closesAt, String link, String leaveToken) {

        Mail mail(String recipient, String base) {
            String panelPage = base + "/embed/v1/panel.html?tenant=" + url(tenant);
            String leave = panelPage + "#afmelden=" + leaveToken;
            String name = PlainText.Lines.oneLine(panel, 150);
            StringBuilder text = new StringBuilder("Hallo,\n\n");
            String subject;
            switch (kind) {
                case CONFIRM -> {
                    subject = "Bevestig je aanmelding voor " + name;
                    text.append("Je hebt je aangemeld voor ").append(name).append(". Klopt dat? Bevestig het met ")
                            .append("deze link:\n\n").append(panelPage).append("#bevestig=").append(link)
                            .append("\n\nDeed je dit niet? Doe dan niets. Zonder bevestiging wissen we je gegevens ")
                            .append("binnen 7 dagen.\n");
                }
                case KNOWN -> {
                    subject = "Je aanmelding voor " + name;
                    text.append("Iemand meldde dit e-mailadres aan voor ").append(name).append(". ")
                            .append(status == MemberStatus.ACTIVE ? "Je bent al lid; je hoeft niets te doen.\n"
                                    : "Je aanmelding wacht nog op de toestemming van je ouder of verzorger.\n")
                            .append("Deed je dit niet zelf? Dan kun je dit bericht negeren.\n");
                }
                case GUARDIAN -> {
                    subject = "Toestemming gevraagd: " + name;
                    text.append("Uw kind (jonger dan 16) wil meedoen met ").append(name).append(" van ")
                            .append(municipality).append(". Het panel geeft mening over plannen van de gemeente. ")
                            .append("We bewaren alleen het e-mailadres van uw kind, de gemeente, het dorp en de ")
                            .append("leeftijdsgroep; wat uw kind antwoordt is niet aan uw kind te koppelen.\n\n")
                            .append("Geeft u toestemming? Gebruik dan deze link:\n\n").append(panelPage)
                            .append("#toestemming=").append(link)
                            .append("\n\nGeen toestemming? Doe dan niets: zonder toestemming wissen we de aanmelding ")
                            .append("binnen 7 dagen. Uw eigen e-mailadres bewaren we niet.\n");
                }
                case INVITATION, REMINDER -> {
                    String title = PlainText.Lines.oneLine(consultationTitle, 150);
                    subject = (kind == MailKind.REMINDER ? "Herinnering: " : "Je mening gevraagd: ") + title;
                    text.append(kind == MailKind.REMINDER ? "Je hebt nog niet meegedaan met de raadpleging \""
                                    : "Als lid van " + name + " vragen we je mening over de raadpleging \"")
                            .append(consultationTitle).append("\" van de gemeente ").append(municipality)
                            .append(". Doe mee met deze persoonlijke link (je kunt hem één keer gebruiken):\n\n")
                            .append(base).append("/embed/v1/panel.html?tenant=").append(url(tenant))
                            .append("&consultation=").append(consultationId).append("#uitnodiging=").append(link)
                            .append("\n\n");
                    if (closesAt != null) {
                        text.append("Meedoen kan tot ").append(DATE.format(closesAt)).append(".\n");
                    }
                    if (kind == MailKind.REMINDER) {
                        text.append("De link uit de eerste uitnodiging werkt niet meer; gebruik deze.\n");
                    }
                    text.append("Wat je antwoordt, koppelen we niet aan jou.\n");
                }
                case INACTIVE -> {
                    subject = "Wil je lid blijven van " + name + "?";
                    text.append("Je hebt lang niet meegedaan met ").append(name).append(". Over 30 dagen wissen ")
                            .append("we je gegevens, tenzij je eerder meedoet met een uitnodiging.\n");
                }
                default -> throw new IllegalStateException("not a mail Samen sends: " + kind);
            }
            text.append("\nAfmelden kan altijd, met deze link; we wissen dan meteen al je gegevens:\n").append(leave)
                    .append("\n\n").append(name).append("\n");
            return Mail.withText(recipient, subject, text.toString())
                    .addHeader("List-Unsubscribe", "<" + leave + ">");
        }

        private static String url(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
