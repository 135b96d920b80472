package nl.sed.samen.poll;

import java.util.Map;
import java.util.UUID;

/** The exact counts of one poll: ballots cast, and votes per option. */
record Tally(long ballots, Map<UUID, Long> votesPerOption) {

    static final Tally NONE = new Tally(0, Map.of());

    long votes(UUID optionId) {
        return votesPerOption.getOrDefault(optionId, 0L);
    }
}
