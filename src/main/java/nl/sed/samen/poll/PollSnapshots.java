package nl.sed.samen.poll;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.HttpCaching;
import nl.sed.samen.consultation.Consultation;
import nl.sed.samen.participation.ParticipationScope;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What this instance keeps of a public poll for a moment: the anonymous view (no official, no voter token), ready to
 * send, and the poll's rules for checking ballots. A poll on a municipality's front page is read by every visitor, the
 * same view for all of them, and every vote needs the same rules; kept, a burst costs one database read per instance
 * per {@code samen.polls.public-view-ttl} instead of one per request.
 *
 * <p>Freshness: a vote or change made through this instance drops what it changed at once, so whoever wrote sees the
 * result of the write; writes through another instance show after at most the TTL (1 s by default, shorter than the
 * {@code max-age=5} the view already allows browsers and CDNs). Nothing kept outlives the poll's next opening or
 * closing time, nor its consultation's. Whether a ballot counts is never decided from a kept copy alone: the ballot
 * statement checks the poll's, its consultation's and its project's status in the database ({@link BallotBox}).
 * Personal views (hasVoted, officials' results) are never kept.
 */
@ApplicationScoped
public class PollSnapshots {

    private record Key(String tenant, UUID poll) {
    }

    private record Kept<T>(T value, long lifetimeNanos) {
    }

    /** One kind of copy, with a count of its drops: a copy loaded while one happened may predate that write. */
    private final class Shelf<T> {

        private final Cache<Key, Kept<T>> cache = Caffeine.newBuilder()
                .maximumSize(1_000) // copies live a second; a small heap need not hold more polls than are read in one
                .expireAfter(Expiry.<Key, Kept<T>>creating((key, kept) -> Duration.ofNanos(kept.lifetimeNanos())))
                .build();
        private final AtomicLong drops = new AtomicLong();

        T get(Key key, Supplier<Kept<T>> load) {
            if (ttl.isZero()) {
                return load.get().value();
            }
            Kept<T> kept = cache.getIfPresent(key);
            if (kept != null) {
                return kept.value();
            }
            long dropsBefore = drops.get();
            Kept<T> loaded = load.get();
            if (loaded.lifetimeNanos() > 0 && drops.get() == dropsBefore) {
                cache.put(key, loaded);
            }
            return loaded.value();
        }

        void drop(Key key) {
            drops.incrementAndGet();
            cache.invalidate(key);
        }

        void dropAll() {
            drops.incrementAndGet();
            cache.invalidateAll();
        }
    }

    private final Shelf<HttpCaching.Representation> views = new Shelf<>();
    private final Shelf<ParticipationScope> rules = new Shelf<>();
    private final Duration ttl;
    private final Clock clock;
    private final HttpCaching caching;

    public PollSnapshots(@ConfigProperty(name = "samen.polls.public-view-ttl") Duration ttl, Clock clock,
            HttpCaching caching) {
        this.ttl = ttl;
        this.clock = clock;
        this.caching = caching;
    }

    /** The anonymous view: kept, or built by {@code load} (which may throw, e.g. a 404, and then nothing is kept). */
    HttpCaching.Representation view(String tenant, UUID pollId, Supplier<PollView> load) {
        return views.get(new Key(tenant, pollId), () -> {
            PollView poll = load.get();
            return new Kept<>(caching.represent(PollResponse.from(poll)), lifetimeNanos(poll.scope()));
        });
    }

    /**
     * The scope of a poll (tenant, project, consultation, the poll with its options), for checking a ballot: kept, or
     * loaded by {@code load}. The instance is shared between requests and must only be read.
     */
    ParticipationScope rules(String tenant, UUID pollId, Supplier<ParticipationScope> load) {
        return rules.get(new Key(tenant, pollId), () -> {
            ParticipationScope scope = load.get();
            return new Kept<>(scope, lifetimeNanos(scope));
        });
    }

    /** After a vote has committed: the counts in the view changed, the rules did not. */
    void voted(String tenant, UUID pollId) {
        views.drop(new Key(tenant, pollId));
    }

    /**
     * After a change above the polls (a project or consultation) has committed: such changes are rare, so every kept
     * copy goes, rather than finding the polls below.
     */
    void scopeChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ParticipationScope.Changed changed) {
        views.dropAll();
        rules.dropAll();
    }

    /** After a change to the poll has committed. */
    void changed(String tenant, UUID pollId) {
        Key key = new Key(tenant, pollId);
        views.drop(key);
        rules.drop(key);
    }

    /**
     * The TTL, cut short by the next opening or closing time of the poll or its consultation, at which what is kept
     * changes without a write.
     */
    private long lifetimeNanos(ParticipationScope scope) {
        Instant now = clock.now();
        Duration lifetime = ttl;
        Poll poll = scope.poll();
        Consultation consultation = scope.consultation();
        for (Instant change : new Instant[] {poll.opensAt(), poll.closesAt(), consultation.opensAt(),
                consultation.closesAt()}) {
            if (change != null && change.isAfter(now)) {
                Duration until = Duration.between(now, change);
                if (until.compareTo(lifetime) < 0) {
                    lifetime = until;
                }
            }
        }
        return lifetime.toNanos();
    }
}
