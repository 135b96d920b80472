package nl.sed.samen.poll;

import java.time.Instant;
import nl.sed.samen.participation.ParticipationScope;

/**
 * A poll as one viewer may see it at one moment, as the service returns it: the poll in its scope, the counts when
 * this viewer may see them (null otherwise), and, for a voter token, whether it has voted here.
 */
public record PollView(ParticipationScope scope, Tally tally, Boolean hasVoted, Instant at) {

    public Poll poll() {
        return scope.poll();
    }

    /** Whether this poll takes (anonymous) votes at that moment: the whole scope's rule. */
    boolean acceptingVotes() {
        return scope.openToEveryone() && scope.acceptsVotes(scope.poll(), at);
    }
}
