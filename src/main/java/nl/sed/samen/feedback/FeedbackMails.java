package nl.sed.samen.feedback;

import io.quarkus.mailer.Mail;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import nl.sed.samen.common.PlainText;
import nl.sed.samen.common.PublicAddress;
import nl.sed.samen.reaction.AddressKeys;
import nl.sed.samen.reaction.ReactionRepository;

/**
 * The feedback messages as a {@link MailQueue}: the {@link Outbox} rows, the text of the message, and the reactions'
 * addresses erased once a message is sent or given up.
 */
@ApplicationScoped
public class FeedbackMails implements MailQueue {

    private static final int SUBJECT_TITLE_LENGTH = 150;

    private final Outbox outbox;
    private final ReactionRepository reactions;
    private final AddressKeys addressKeys;
    private final PublicAddress publicAddress;

    public FeedbackMails(Outbox outbox, ReactionRepository reactions, AddressKeys addressKeys,
            PublicAddress publicAddress) {
        this.outbox = outbox;
        this.reactions = reactions;
        this.addressKeys = addressKeys;
        this.publicAddress = publicAddress;
    }

    @Override
    public String name() {
        return "feedback";
    }

    @Override
    public Optional<Claimed> claimNext(Instant now, Instant until) {
        return outbox.claimNext(now, until).map(m -> new Claimed(m.id(), m.attempts(), message(m), m));
    }

    @Override
    public void sent(Claimed message, Instant now) {
        outbox.sent(message.id(), now);
        eraseAddress((Outbox.Claimed) message.context());
    }

    @Override
    public void failed(Claimed message, String error) {
        outbox.failed(message.id(), error);
        eraseAddress((Outbox.Claimed) message.context());
    }

    @Override
    public void retryAt(Claimed message, String error, Instant next) {
        outbox.retryAt(message.id(), error, next);
    }

    @Override
    public int closeExpiredClaims(Instant now) {
        List<Object[]> closed = outbox.closeExpiredClaims(now);
        for (Object[] row : closed) {
            if (row[1] != null) {
                reactions.eraseAddress((UUID) row[0], (String) row[1]);
            }
        }
        return closed.size();
    }

    private void eraseAddress(Outbox.Claimed message) {
        if (message.emailKey() == null) {
            reactions.keyLegacyAddresses(message.consultationId());
        }
        reactions.eraseAddress(message.consultationId(), keyOf(message));
    }

    /** Messages queued before addresses were keyed have no key; they get it here. */
    private String keyOf(Outbox.Claimed message) {
        return message.emailKey() != null ? message.emailKey() : addressKeys.key(message.tenant(), message.email());
    }

    /** The one-click unsubscribe address (RFC 8058) for this message's recipient. */
    String unsubscribeUrl(String tenant, String emailKey) {
        return publicAddress.of(tenant) + "/api/v1/tenants/" + tenant + "/unsubscribe/" + addressKeys.unsubscribeToken(tenant, emailKey);
    }

    private Mail message(Outbox.Claimed m) {
        StringBuilder text = new StringBuilder()
                .append("Beste deelnemer,\n\n")
                .append("U reageerde op de raadpleging \"").append(m.title()).append("\" van de gemeente ")
                .append(m.municipality()).append(". Dit is wat er met de inbreng is gedaan.\n\n")
                .append("Wat we hoorden:\n").append(m.summary()).append("\n\n")
                .append("Het besluit").append(m.decidedBy() == null ? "" : " (" + m.decidedBy() + ")").append(":\n")
                .append(m.decision()).append("\n\n");
        if (m.changes() != null && !m.changes().isBlank()) {
            text.append("Wat er veranderde door uw inbreng:\n").append(m.changes()).append("\n\n");
        }
        text.append("Dank voor uw bijdrage. Uw e-mailadres is na het versturen van dit bericht verwijderd.\n\n")
                .append("Gemeente ").append(m.municipality()).append("\n");
        return Mail.withText(m.email(), "Terugkoppeling: " + PlainText.Lines.oneLine(m.title(), SUBJECT_TITLE_LENGTH),
                        text.toString())
                .addHeader("List-Unsubscribe", "<" + unsubscribeUrl(m.tenant(), keyOf(m)) + ">")
                .addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }
}
