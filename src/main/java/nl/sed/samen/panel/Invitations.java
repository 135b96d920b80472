package nl.sed.samen.panel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import nl.sed.samen.audit.AuditLog;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.SecretTokens;
import nl.sed.samen.consultation.Audience;
import nl.sed.samen.consultation.Consultation;
import nl.sed.samen.participation.ParticipationScope;
import nl.sed.samen.participation.Scopes;
import nl.sed.samen.participation.Viewer;
import nl.sed.samen.poll.VoterTokens;
import nl.sed.samen.security.Official;
import nl.sed.samen.security.Role;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Inviting a panel to a consultation for a panel, and using an invitation. Using one is the only moment the service
 * sees a member take part: it marks the invitation used (no time kept), and answers with a fresh, random
 * participation token (a voter token naming the consultation, {@link VoterTokens#issueForConsultation}) that is not
 * stored. The votes and reactions then made with it, in later requests, carry that token's id or nothing at all —
 * never the member or the invitation. What links them remains outside the data: the moments of the requests.
 */
@ApplicationScoped
@Transactional
public class Invitations {

    /** The outcome of an invitation round. */
    public record Round(UUID panelId, UUID consultationId, int invited, int alreadyInvited) {
    }

    /** A used invitation: the participation token, shown once. */
    public record Admission(UUID consultationId, String voterToken, Instant expiresAt) {
    }

    private final Panels panels;
    private final PanelMembers members;
    private final PanelInvitations invitations;
    private final PanelMails mails;
    private final AddressVault vault;
    private final Scopes scopes;
    private final VoterTokens voterTokens;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration participationLifetime;

    public Invitations(Panels panels, PanelMembers members, PanelInvitations invitations, PanelMails mails,
            AddressVault vault, Scopes scopes, VoterTokens voterTokens, AuditLog audit, Clock clock,
            @ConfigProperty(name = "samen.panel.participation-lifetime") Duration participationLifetime) {
        this.panels = panels;
        this.members = members;
        this.invitations = invitations;
        this.mails = mails;
        this.vault = vault;
        this.scopes = scopes;
        this.voterTokens = voterTokens;
        this.audit = audit;
        this.clock = clock;
        this.participationLifetime = participationLifetime;
    }

    /**
     * Invites every active member of the panel who has no invitation to this consultation yet: one invitation and one
     * mail each, through the outbox. An editor of the consultation's municipality, which must be one of the panel's.
     */
    public Round invite(Viewer viewer, UUID consultationId, UUID panelId) {
        Official official = viewer.requireRole(Role.EDITOR);
        vault.requireConfigured();
        ParticipationScope scope = scopes.consultation(viewer.tenant(), consultationId);
        Consultation consultation = scope.consultation();
        Panel panel = panels.find(panelId).filter(p -> p.includes(viewer.tenant()))
                .orElseThrow(() -> ProblemException.invalidField("panelId", "not a panel of this municipality"));
        if (consultation.audience() != Audience.PANEL) {
            throw ProblemException.conflict("This consultation is for everyone; only a consultation with audience "
                    + "panel takes panel invitations.");
        }
        Instant now = clock.now();
        if (!scope.acceptsReactions(now)) {
            throw ProblemException.conflict("Invite the panel once the consultation is open and takes input.");
        }
        int invited = 0;
        int already = 0;
        for (PanelMembers.Member member : members.active(panelId)) {
            UUID id = UUID.randomUUID();
            String token = SecretTokens.fresh();
            if (invitations.insertIfNew(id, panelId, consultationId, viewer.tenant(), member.id(), SecretTokens.hash(token),
                    now)) {
                mails.queue(member.id(), id, MailKind.INVITATION, vault.decrypt(member.emailCipher(), member.id()),
                        token, now);
                invited++;
            } else {
                already++;
            }
        }
        invitations.countInvited(consultationId, panelId, invited);
        audit.record(viewer.tenant(), official, "panel.invited", "consultation", consultationId, null,
                Map.of("panelId", panel.id(), "invited", invited, "alreadyInvited", already));
        return new Round(panelId, consultationId, invited, already);
    }

    /** Uses an invitation once: a second use is a 409, an unknown link a 404, a consultation not open a 409. */
    public Admission use(String tenant, String token) {
        PanelInvitations.Invitation invitation = invitations.byToken(tenant, SecretTokens.hash(token))
                .orElseThrow(() -> ProblemException.notFound("This invitation link is not valid (any more). After a "
                        + "reminder only the link in the reminder works."));
        if (invitation.used()) {
            throw ProblemException.conflict("This invitation has been used already: each one gives one "
                    + "participation.");
        }
        ParticipationScope scope = scopes.consultation(tenant, invitation.consultationId());
        Instant now = clock.now();
        if (!scope.acceptsReactions(now)) {
            throw ProblemException.conflict("This consultation does not take input now.");
        }
        invitations.use(invitation);
        if (invitation.memberId() != null) {
            members.tookPart(invitation.memberId(), now);
        }
        Instant closes = scope.consultation().closesAt();
        Instant until = now.plus(participationLifetime);
        VoterTokens.Issued issued = voterTokens.issueForConsultation(tenant, invitation.consultationId(),
                closes != null && closes.isBefore(until) ? closes : until);
        return new Admission(invitation.consultationId(), issued.token(), issued.expiresAt());
    }

    /** The one reminder for each invitation unused after {@code after}; returns how many were queued. */
    int remind(Duration after) {
        Instant now = clock.now();
        int reminded = 0;
        for (PanelInvitations.Due due : invitations.dueForReminder(now.minus(after), now)) {
            String token = SecretTokens.fresh();
            invitations.reminded(due.id(), SecretTokens.hash(token));
            mails.queue(due.memberId(), due.id(), MailKind.REMINDER, vault.decrypt(due.emailCipher(), due.memberId()),
                    token, now);
            reminded++;
        }
        return reminded;
    }
}
