package nl.sed.samen.reaction;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.UUID;
import nl.sed.samen.common.AgeBand;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.WireEnums;
import nl.sed.samen.tenancy.ModerationMode;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A resident's reaction on a consultation, and the rules of its life: how it enters (published at once or pending,
 * per the consultation's moderation mode), what moderators may decide in which state (flags are counted by one
 * statement in the moderation desk, which also takes a reaction off the page at the tenant's threshold), and how its
 * author withdraws it (erasing the text and every personal field). Updates write only the columns that changed, and
 * the erasures done in bulk by {@link ReactionRepository} bump the version, so a decision on a copy loaded earlier can
 * never write an erased address back.
 */
@Entity
@Table(name = "reaction")
@DynamicUpdate
public class Reaction {

    @Id
    private UUID id;

    @Column(name = "tenant_slug")
    private String tenant;

    @Column(name = "consultation_id")
    private UUID consultationId;

    private String body;

    @Column(name = "display_name")
    private String displayName;

    @Enumerated(EnumType.STRING)
    @Column(name = "age_band")
    private AgeBand ageBand;

    private String area;

    private String email;

    /** The keyed hash of the address ({@link AddressKeys}), erased with it. */
    @Column(name = "email_key")
    private String emailKey;

    @Enumerated(EnumType.STRING)
    private ReactionStatus status;

    @Column(name = "receipt_hash")
    private byte[] receiptHash;

    @Column(name = "moderation_reason")
    private String moderationReason;

    @Column(name = "moderated_at")
    private Instant moderatedAt;

    @Column(name = "flag_count")
    private int flagCount;

    private boolean flagged;

    @Column(name = "flagged_at")
    private Instant flaggedAt;

    @Column(name = "reply_body")
    private String replyBody;

    @Column(name = "reply_role")
    private String replyRole;

    @Column(name = "replied_at")
    private Instant repliedAt;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Column(name = "withdrawn_at")
    private Instant withdrawnAt;

    @Column(name = "client_key")
    private String clientKey;

    @Column(name = "body_hash")
    private byte[] bodyHash;

    @Version
    private long version;

    protected Reaction() {
    }

    /**
     * A new reaction: published at once under post-moderation, pending under pre-moderation or when it needs a review
     * (for example for its many links). The client key and text hash guard against repeats for a day, then are erased.
     */
    /** What the author sent: the text, and the optional name, age band, village and address. */
    public record Authored(String body, String displayName, AgeBand ageBand, String area, String email) {
    }

    static Reaction submit(String tenant, UUID consultationId, Authored request, ModerationMode mode,
            boolean needsReview, byte[] receiptHash, String clientKey, byte[] bodyHash, String emailKey, Instant now) {
        Reaction reaction = new Reaction();
        reaction.id = UUID.randomUUID();
        reaction.tenant = tenant;
        reaction.consultationId = consultationId;
        reaction.body = request.body();
        reaction.displayName = request.displayName();
        reaction.ageBand = request.ageBand();
        reaction.area = request.area();
        reaction.email = request.email();
        reaction.emailKey = request.email() == null ? null : emailKey;
        reaction.status = mode == ModerationMode.PRE || needsReview ? ReactionStatus.PENDING : ReactionStatus.PUBLISHED;
        reaction.receiptHash = receiptHash;
        reaction.clientKey = clientKey;
        reaction.bodyHash = bodyHash;
        reaction.createdAt = now;
        reaction.updatedAt = now;
        return reaction;
    }

    /** Whether this receipt token's hash is the one handed out at submission (compared in constant time). */
    boolean hasReceipt(byte[] hash) {
        return MessageDigest.isEqual(receiptHash, hash);
    }

    /** The author takes the reaction back: it leaves every list, and its text and personal fields are erased. */
    void withdraw(Instant now) {
        if (status == ReactionStatus.WITHDRAWN) {
            return;
        }
        status = ReactionStatus.WITHDRAWN;
        body = null;
        displayName = null;
        ageBand = null;
        area = null;
        email = null;
        emailKey = null;
        clientKey = null;
        bodyHash = null;
        flagged = false;
        withdrawnAt = now;
        updatedAt = now;
    }

    /**
     * A moderator's decision. approve: pending → published; reject: pending → rejected; hide: published → hidden;
     * restore: hidden or rejected → published. A flagged reaction (in any status but withdrawn) may also be approved
     * (→ published) or rejected (→ rejected). Any other combination is a 409. Every decision takes the reaction out of
     * the flagged queue and resets its flag count.
     */
    public void decide(Decision decision, String reason, Instant now) {
        ReactionStatus target = switch (decision) {
            case APPROVE -> status == ReactionStatus.PENDING || flagged && status != ReactionStatus.WITHDRAWN
                    ? ReactionStatus.PUBLISHED : null;
            case REJECT -> status == ReactionStatus.PENDING || flagged && status != ReactionStatus.WITHDRAWN
                    ? ReactionStatus.REJECTED : null;
            case HIDE -> status == ReactionStatus.PUBLISHED ? ReactionStatus.HIDDEN : null;
            case RESTORE -> status == ReactionStatus.HIDDEN || status == ReactionStatus.REJECTED
                    ? ReactionStatus.PUBLISHED : null;
        };
        if (target == null) {
            throw ProblemException.conflict("A " + WireEnums.value(status) + " reaction cannot be given the decision "
                    + WireEnums.value(decision) + ".");
        }
        status = target;
        moderationReason = reason;
        if (moderatedAt == null) {
            moderatedAt = now;
        }
        // decided: out of the flagged queue, and the next flag starts a new count
        flagged = false;
        flagCount = 0;
        flaggedAt = null;
        updatedAt = now;
    }

    public void reply(String text, String role, Instant now) {
        if (status == ReactionStatus.WITHDRAWN) {
            throw ProblemException.conflict("The author has withdrawn this reaction.");
        }
        replyBody = text;
        replyRole = role;
        repliedAt = now;
        updatedAt = now;
    }

    public void removeReply(Instant now) {
        replyBody = null;
        replyRole = null;
        repliedAt = null;
        updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public String tenant() {
        return tenant;
    }

    public UUID consultationId() {
        return consultationId;
    }

    public String body() {
        return body;
    }

    public String displayName() {
        return displayName;
    }

    public AgeBand ageBand() {
        return ageBand;
    }

    public String area() {
        return area;
    }

    public boolean hasEmail() {
        return email != null;
    }

    public ReactionStatus status() {
        return status;
    }

    public String moderationReason() {
        return moderationReason;
    }

    public Instant moderatedAt() {
        return moderatedAt;
    }

    public int flagCount() {
        return flagCount;
    }

    public boolean flagged() {
        return flagged;
    }

    public Instant flaggedAt() {
        return flaggedAt;
    }

    public String replyBody() {
        return replyBody;
    }

    public String replyRole() {
        return replyRole;
    }

    public Instant repliedAt() {
        return repliedAt;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
