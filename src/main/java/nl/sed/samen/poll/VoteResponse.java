package nl.sed.samen.poll;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The receipt of a vote, with the poll as the voter may now see it (results included when visible after voting). */
@Schema(name = "Vote")
public record VoteResponse(UUID pollId, List<UUID> optionIds, Instant castAt, PollResponse poll) {
}
