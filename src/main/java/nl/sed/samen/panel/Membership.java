package nl.sed.samen.panel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import nl.sed.samen.common.AgeBand;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.SecretTokens;
import nl.sed.samen.tenancy.Tenant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Joining and leaving a panel, anonymously. A sign-up gets the same answer whether its address is new to the panel or
 * known (no way to learn who is a member): a new one is stored unconfirmed and mailed a confirmation link; a known one
 * is told so in a mail to that address, which only its owner reads. Under 16 the confirmed sign-up waits for a parent's
 * or guardian's consent through a link mailed to their address, which is kept only until that mail is queued (and in
 * the mail until it is sent). A sign-up not confirmed within {@code samen.panel.confirm-within} is erased. Leaving, with
 * the link in every mail, erases the member at once.
 */
@ApplicationScoped
@Transactional
public class Membership {

    /** What every sign-up is answered, new address or known. */
    public static final String JOIN_ANSWER = "Bedankt. Kijk in je mailbox: we hebben je een bericht gestuurd om je "
            + "aanmelding te bevestigen. Geen bericht ontvangen? Kijk ook bij je ongewenste mail.";

    private final Panels panels;
    private final PanelMembers members;
    private final PanelMails mails;
    private final AddressVault vault;
    private final Clock clock;
    private final Duration confirmWithin;

    public Membership(Panels panels, PanelMembers members, PanelMails mails, AddressVault vault, Clock clock,
            @ConfigProperty(name = "samen.panel.confirm-within") Duration confirmWithin) {
        this.panels = panels;
        this.members = members;
        this.mails = mails;
        this.vault = vault;
        this.clock = clock;
        this.confirmWithin = confirmWithin;
    }

    /** A sign-up for the panel from a resident of this tenant; answered alike whatever the panel knew. */
    public void join(Tenant tenant, UUID panelId, PanelRequests.Join request) {
        vault.requireConfigured();
        Panel panel = panels.requireIn(tenant.slug(), panelId);
        if (panel.status() != PanelStatus.OPEN) {
            throw ProblemException.conflict("This panel takes no new members now.");
        }
        if (!tenant.hasArea(request.area())) {
            throw ProblemException.invalidField("area", "not a village of this municipality");
        }
        if (!panel.isFor(request.ageBand())) {
            throw ProblemException.invalidField("ageBand", "this panel is not for this age band");
        }
        boolean underSixteen = request.ageBand() == AgeBand.UNDER_16;
        if (underSixteen && (request.guardianEmail() == null || request.guardianEmail().isBlank())) {
            throw ProblemException.invalidField("guardianEmail", "needed under 16: a parent or guardian confirms");
        }
        if (!underSixteen && request.guardianEmail() != null) {
            throw ProblemException.invalidField("guardianEmail", "only for members under 16");
        }
        if (underSixteen && AddressVault.normalise(request.guardianEmail())
                .equals(AddressVault.normalise(request.email()))) {
            throw ProblemException.invalidField("guardianEmail", "must be the address of a parent or guardian");
        }
        if (request.website() != null && !request.website().isBlank()) {
            return; // a bot: answered like anyone, nothing stored
        }
        Instant now = clock.now();
        String email = request.email().strip();
        String key = vault.lookup(panelId, email);
        UUID id = UUID.randomUUID();
        String token = SecretTokens.fresh();
        boolean inserted = members.insertIfNew(id, panelId, tenant.slug(), request.area(), request.ageBand(), key,
                vault.encrypt(email, id), underSixteen ? vault.encrypt(request.guardianEmail().strip(), id) : null,
                SecretTokens.hash(token), now);
        if (inserted) {
            mails.queue(id, null, MailKind.CONFIRM, email, token, now);
            return;
        }
        PanelMembers.Member known = members.byKey(panelId, key).orElse(null);
        if (known == null || mails.waitingFor(known.id())) {
            // left a moment ago; or one mail at a time per member: a repeated sign-up does not fill their mailbox
            return;
        }
        String address = vault.decrypt(known.emailCipher(), known.id());
        if (known.status() == MemberStatus.UNCONFIRMED) {
            members.newLink(known.id(), SecretTokens.hash(token));
            mails.queue(known.id(), null, MailKind.CONFIRM, address, token, now);
        } else {
            mails.queue(known.id(), null, MailKind.KNOWN, address, null, now);
        }
    }

    /** The member confirms their address: active, or (under 16) on to the guardian. */
    public MemberStatus confirm(String tenant, String token) {
        vault.requireConfigured();
        PanelMembers.Member member = pending(tenant, token, MemberStatus.UNCONFIRMED);
        Instant now = clock.now();
        boolean underSixteen = member.ageBand() == AgeBand.UNDER_16;
        MemberStatus next = MemberStatus.afterConfirmation(underSixteen);
        if (underSixteen) {
            String guardianToken = SecretTokens.fresh();
            String guardian = vault.decrypt(member.guardianCipher(), member.id());
            members.confirmed(member.id(), next, SecretTokens.hash(guardianToken), now);
            mails.queue(member.id(), null, MailKind.GUARDIAN, guardian, guardianToken, now);
        } else {
            members.confirmed(member.id(), next, null, now);
        }
        return next;
    }

    /** A parent or guardian consents: the member under 16 becomes active. */
    public MemberStatus consent(String tenant, String token) {
        vault.requireConfigured();
        PanelMembers.Member member = pending(tenant, token, MemberStatus.AWAITING_GUARDIAN);
        members.activated(member.id(), clock.now());
        return MemberStatus.ACTIVE;
    }

    /** Leaving erases the member at once; a link of a member already gone leaves nothing to do (and says so alike). */
    public void leave(String tenant, String token) {
        UUID id = vault.fromLeaveToken(token).orElseThrow(() -> ProblemException.notFound(
                "This leave link is not valid. Use the link from one of the panel's mails."));
        members.byId(id).filter(m -> m.tenant().equals(tenant)).ifPresent(m -> members.erase(m.id()));
    }

    private PanelMembers.Member pending(String tenant, String token, MemberStatus status) {
        return members.byLink(tenant, SecretTokens.hash(token), status)
                .filter(m -> m.createdAt().plus(confirmWithin).isAfter(clock.now()))
                .orElseThrow(() -> ProblemException.notFound("This link is not valid (any more): it was used already, "
                        + "or the sign-up was more than " + confirmWithin.toDays() + " days ago. Sign up again."));
    }
}
