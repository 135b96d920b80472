package nl.sed.samen.reaction;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;
import nl.sed.samen.common.AgeBand;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The ways a reaction is shown. None of them carries the e-mail address: it is only ever used to send the feedback.
 */
public final class ReactionViews {

    private ReactionViews() {
    }

    /** The official reply: what was said, by which role (never the official's name), and when. */
    @Schema(name = "ReactionReply")
    public record Reply(String body, @Schema(example = "moderator") String role, Instant repliedAt) {

        public static Reply of(Reaction r) {
            return r.replyBody() == null ? null : new Reply(r.replyBody(), r.replyRole(), r.repliedAt());
        }
    }

    /**
     * A reaction in a list. The public sees published ones; officials of the tenant see every status, with the
     * moderation details and the self-reported fields in {@code moderation}.
     */
    @Schema(name = "Reaction")
    public record Listed(UUID id, UUID consultationId, @Schema(nullable = true) String body,
            @Schema(nullable = true) String displayName, ReactionStatus status, Instant createdAt,
            @Schema(nullable = true) Reply reply,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "Only for officials of the tenant")
            Moderation moderation) {

        /** As this viewer may see it: the moderation details only for officials with a role for the tenant. */
        public static Listed of(Reaction r, boolean moderationDetails) {
            return moderationDetails ? forOfficials(r) : forPublic(r);
        }

        public static Listed forPublic(Reaction r) {
            return new Listed(r.id(), r.consultationId(), r.body(), r.displayName(), r.status(), r.createdAt(),
                    Reply.of(r), null);
        }

        public static Listed forOfficials(Reaction r) {
            return new Listed(r.id(), r.consultationId(), r.body(), r.displayName(), r.status(), r.createdAt(),
                    Reply.of(r), new Moderation(r.ageBand(), r.area(), r.moderationReason(), r.moderatedAt(),
                    r.flagCount(), r.flagged(), r.flaggedAt(), r.hasEmail(), r.updatedAt(), null));
        }

        /** The same, with the flags since the last decision counted per reason (the flagged queue shows them). */
        public Listed withFlagReasons(java.util.List<FlagReasonCount> reasons) {
            Moderation m = moderation;
            return new Listed(id, consultationId, body, displayName, status, createdAt, reply, new Moderation(
                    m.ageBand(), m.area(), m.reason(), m.moderatedAt(), m.flagCount(), m.flagged(), m.flaggedAt(),
                    m.wantsFeedback(), m.updatedAt(), reasons));
        }
    }

    /** How many flags (since the last decision) gave this reason. */
    @Schema(name = "FlagReasonCount")
    public record FlagReasonCount(FlagReason reason, long count) {
    }

    @Schema(name = "ReactionModeration")
    public record Moderation(@Schema(nullable = true) AgeBand ageBand, @Schema(nullable = true) String area,
            @Schema(nullable = true) String reason, @Schema(nullable = true) Instant moderatedAt, int flagCount,
            boolean flagged, @Schema(nullable = true) Instant flaggedAt,
            @Schema(description = "Whether the author left an address to hear the feedback") boolean wantsFeedback,
            Instant updatedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(description = "In the flagged queue: the flags since the last decision, counted per reason")
            java.util.List<FlagReasonCount> flagReasons) {
    }

    /** As its author sees it with the receipt token: the status and, when rejected or hidden, why. */
    @Schema(name = "OwnReaction")
    public record Own(UUID id, UUID consultationId, @Schema(nullable = true) String body,
            @Schema(nullable = true) String displayName, ReactionStatus status,
            @Schema(nullable = true) String reason, Instant createdAt, @Schema(nullable = true) Reply reply) {

        static Own of(Reaction r) {
            boolean explain = r.status() == ReactionStatus.REJECTED || r.status() == ReactionStatus.HIDDEN;
            return new Own(r.id(), r.consultationId(), r.body(), r.displayName(), r.status(),
                    explain ? r.moderationReason() : null, r.createdAt(), Reply.of(r));
        }
    }

    /** The answer to a submission: the receipt token is shown this once. */
    @Schema(name = "SubmittedReaction")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Submitted(UUID id, ReactionStatus status,
            @Schema(description = "Keep it: it shows the status and withdraws the reaction (header Receipt-Token). "
                    + "Shown only now.") String receiptToken,
            Instant createdAt) {

        static Submitted of(ReactionService.Submitted s) {
            return new Submitted(s.id(), s.status(), s.receiptToken(), s.createdAt());
        }
    }

    /**
     * A reaction as the audit log records it: by id, status and decision only. The log outlives a withdrawal, so it
     * never holds the resident's text, name, age band or village (nor the officials' reply or reason about it).
     */
    public record Audited(UUID id, ReactionStatus status, @JsonInclude(JsonInclude.Include.NON_NULL) Decision decision,
            boolean flagged, boolean replied) {

        public static Audited of(Reaction r) {
            return new Audited(r.id(), r.status(), null, r.flagged(), r.replyBody() != null);
        }

        public static Audited of(Reaction r, Decision decision) {
            return new Audited(r.id(), r.status(), decision, r.flagged(), r.replyBody() != null);
        }
    }
}
