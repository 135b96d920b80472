package nl.sed.samen.panel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.sed.samen.common.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the panel forgets, and its one reminder, run by the retention job ({@code defence.RetentionJobs}) in its
 * transaction: sign-ups not confirmed in time are erased; invitations go once their consultation is reported (the
 * counts stay); a member who has not taken part for {@code inactive-after-months} gets a notice and is erased
 * {@code inactive-notice} later unless they take part meanwhile; an invitation unused after {@code reminder-after} gets
 * its one reminder.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class PanelJobs {

    private final PanelMembers members;
    private final PanelInvitations invitations;
    private final PanelMails mails;
    private final Invitations rounds;
    private final AddressVault vault;
    private final Clock clock;
    private final Duration confirmWithin;
    private final int inactiveAfterMonths;
    private final Duration inactiveNotice;
    private final Duration reminderAfter;

    public PanelJobs(PanelMembers members, PanelInvitations invitations, PanelMails mails, Invitations rounds,
            AddressVault vault, Clock clock,
            @ConfigProperty(name = "samen.panel.confirm-within") Duration confirmWithin,
            @ConfigProperty(name = "samen.panel.inactive-after-months") int inactiveAfterMonths,
            @ConfigProperty(name = "samen.panel.inactive-notice") Duration inactiveNotice,
            @ConfigProperty(name = "samen.panel.reminder-after") Duration reminderAfter) {
        this.members = members;
        this.invitations = invitations;
        this.mails = mails;
        this.rounds = rounds;
        this.vault = vault;
        this.clock = clock;
        this.confirmWithin = confirmWithin;
        this.inactiveAfterMonths = inactiveAfterMonths;
        this.inactiveNotice = inactiveNotice;
        this.reminderAfter = reminderAfter;
    }

    /** Runs each job once; rows affected per job. */
    public Map<String, Integer> run() {
        Map<String, Integer> affected = new LinkedHashMap<>();
        if (!vault.configured()) {
            return affected;
        }
        Instant now = clock.now();
        affected.put("panel sign-ups not confirmed in time erased", members.eraseUnconfirmed(now.minus(confirmWithin)));
        affected.put("panel invitations of reported consultations erased", invitations.eraseReported());
        affected.put("inactive panel members erased after their notice", members.eraseNoticedBefore(
                now.minus(inactiveNotice)));
        int noticed = 0;
        Instant inactiveSince = now.atOffset(ZoneOffset.UTC).minusMonths(inactiveAfterMonths).toInstant();
        for (PanelMembers.Member member : members.dueForNotice(inactiveSince)) {
            members.noticeSent(member.id(), now);
            mails.queue(member.id(), null, MailKind.INACTIVE, vault.decrypt(member.emailCipher(), member.id()), null,
                    now);
            noticed++;
        }
        affected.put("inactive panel members noticed", noticed);
        affected.put("panel invitation reminders queued", rounds.remind(reminderAfter));
        return affected;
    }
}
