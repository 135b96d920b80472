package nl.sed.samen.poll;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import nl.sed.samen.audit.AuditLog;
import nl.sed.samen.common.AgeBand;
import nl.sed.samen.common.Clock;
import nl.sed.samen.common.GroupCount;
import nl.sed.samen.common.PageRequest;
import nl.sed.samen.common.Slice;
import nl.sed.samen.common.ProblemException;
import nl.sed.samen.common.ProblemType;
import nl.sed.samen.common.WireEnums;
import nl.sed.samen.defence.BallotAllowance;
import nl.sed.samen.defence.RateLimits;
import nl.sed.samen.live.LiveHub;
import nl.sed.samen.participation.ParticipationScope;
import nl.sed.samen.participation.Scopes;
import nl.sed.samen.participation.Viewer;
import nl.sed.samen.participation.Visibility;
import nl.sed.samen.security.Official;
import nl.sed.samen.security.Role;
import nl.sed.samen.webhook.WebhookEvents;

/** Polls of one tenant: running them, taking votes and codes, and showing results to whom may see them. */
@ApplicationScoped
@Transactional
public class PollService {

    private final PollRepository polls;
    private final Scopes scopes;
    private final BallotBox ballots;
    private final VotingCodes codes;
    private final AuditLog audit;
    private final Clock clock;
    private final PollSnapshots snapshots;
    private final LiveHub liveHub;
    private final WebhookEvents webhooks;
    private final RateLimits rateLimits;

    public PollService(PollRepository polls, Scopes scopes, BallotBox ballots, VotingCodes codes, AuditLog audit,
            Clock clock, PollSnapshots snapshots, LiveHub live, WebhookEvents webhooks, RateLimits rateLimits) {
        this.webhooks = webhooks;
        this.rateLimits = rateLimits;
        this.liveHub = live;
        this.polls = polls;
        this.scopes = scopes;
        this.ballots = ballots;
        this.codes = codes;
        this.audit = audit;
        this.clock = clock;
        this.snapshots = snapshots;
    }

    public PollView create(Viewer viewer, UUID consultationId, PollRequests.Create request) {
        viewer.requireRole(Role.EDITOR);
        ParticipationScope consultation = scopes.consultation(viewer.tenant(), consultationId);
        Official official = consultation.requireEditor(viewer);
        Instant now = clock.now();
        Poll poll = Poll.draft(consultation.project().tenant(), consultationId,
                request.votingMode() == null ? VotingMode.OPEN : request.votingMode(), now);
        poll.describe(request.details(), now);
        polls.persist(poll);
        PollView view = new PollView(consultation.withPoll(poll), Tally.NONE, null, now);
        audit.record(consultation.participantSlugs(), official, "poll.created", "poll", poll.id(), null, PollResponse.from(view));
        return view;
    }

    /**
     * Only what changes is written: an unchanged request (or a move to the current status) records nothing. A poll
     * opens only while its consultation is open.
     */
    public PollView update(Viewer viewer, UUID id, PollRequests.Update request) {
        viewer.requireRole(Role.EDITOR);
        ParticipationScope scope = scopes.poll(viewer.tenant(), id);
        Official official = scope.requireEditor(viewer);
        Poll poll = scope.poll();
        Instant now = clock.now();
        Tally tally = ballots.tally(id);
        PollResponse before = PollResponse.from(new PollView(scope, tally, null, now));
        boolean described = poll.describe(request.details(), now);
        boolean moved = request.status() != null
                && poll.moveTo(request.status(), scope.consultation().status(now), now);
        PollView after = new PollView(scope, tally, null, now);
        if (described || moved) {
            polls.flush();
            audit.record(scope.participantSlugs(), official, moved ? "poll.status-changed" : "poll.updated", "poll", id, before,
                    PollResponse.from(after));
            webhooks.pollChanged(poll.tenant(), id);
        }
        return after;
    }

    /**
     * A poll as this viewer may see it: officials always see the results; residents per the poll's visibility, where
     * a voter token that has voted here counts as "after vote".
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PollView get(Viewer viewer, UUID id) {
        ParticipationScope scope = scopes.poll(viewer.tenant(), id).requireVisibleTo(viewer);
        Instant now = clock.now();
        Boolean hasVoted = viewer.voter() == null ? null : ballots.hasVoted(id, viewer.voter().ballotKey());
        return view(scope, viewer, hasVoted, () -> ballots.tally(id), now);
    }

    /** The one rule for what a viewer of a poll sees, for the GET and for every live stream. */
    static PollView view(ParticipationScope scope, Viewer viewer, Boolean hasVoted, Supplier<Tally> tally,
            Instant now) {
        boolean visible = Visibility.allResults(viewer)
                || scope.poll().resultsVisibleTo(Boolean.TRUE.equals(hasVoted), now);
        return new PollView(scope, visible ? tally.get() : null, hasVoted, now);
    }

    /** What a poll's live streams need, read once per tick for all its watchers on this instance. */
    record LiveRead(ParticipationScope scope, Tally tally, Set<String> votedNow, Instant now) {
    }

    /**
     * The poll in its scope, its counts, and which of the given voters (watchers who had not voted yet) have voted
     * since; empty when the poll no longer exists.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    @ActivateRequestContext
    Optional<LiveRead> live(String tenant, UUID id, Collection<String> waitingVoters) {
        ParticipationScope scope;
        try {
            scope = scopes.poll(tenant, id);
        } catch (ProblemException gone) {
            return Optional.empty();
        }
        return Optional.of(new LiveRead(scope, ballots.tally(id), ballots.votedAmong(id, waitingVoters),
                clock.now()));
    }

    /** The consultation's polls the viewer may see (its chain must be visible), with their counts in one query. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Slice<PollView> list(Viewer viewer, UUID consultationId, PageRequest page) {
        ParticipationScope consultation = scopes.consultation(viewer.tenant(), consultationId)
                .requireVisibleTo(viewer);
        Instant now = clock.now();
        Slice<Poll> slice = page.slice(polls.page(consultationId, Visibility.polls(viewer), page),
                p -> new PageRequest.Position(p.createdAt(), p.id()));
        List<UUID> shown = slice.items().stream()
                .filter(p -> Visibility.allResults(viewer) || p.resultsVisibleTo(false, now))
                .map(Poll::id).toList();
        Map<UUID, Tally> tallies = ballots.tallies(shown);
        return slice.map(p -> new PollView(consultation.withPoll(p),
                shown.contains(p.id()) ? tallies.getOrDefault(p.id(), Tally.NONE) : null, null, now));
    }

    /** What a vote returns: the ballot as counted, and the poll as the voter may now see it. */
    public record Cast(UUID pollId, List<UUID> optionIds, Instant castAt, PollView poll) {
    }

    /**
     * Casts a vote with a voter token (open polls) or a code (code polls); a second vote is a 409. {@code network}: the
     * network's allowance of ballots in this poll, checked and counted by the ballot statement.
     *
     * <p>Not one transaction around everything: the poll's scope is read first (or taken from what this instance
     * keeps of it, {@link PollSnapshots}; the ballot statement checks again, in the database, that the poll and its
     * consultation take votes), then the ballot goes in with one statement that is its own transaction ({@link
     * BallotBox#castOpen}; a code poll's, with the code it uses, in a short transaction of its own: {@link
     * BallotBox#castWithCode}), and returns the counts for the answer. The ballot statement updates a running-count
     * row, and every moment between that update and the commit is a moment other voters wait for the row.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Cast vote(Viewer viewer, UUID pollId, PollRequests.Vote request, BallotAllowance.Network network) {
        String tenantSlug = viewer.tenant();
        ParticipationScope scope = snapshots.rules(tenantSlug, pollId, () -> scopes.poll(tenantSlug, pollId));
        Poll poll = scope.poll();
        Instant now = clock.now();
        scope.requireVoteFrom(viewer, now);
        scope.requireArea("area", request.area());
        List<UUID> options = poll.validBallot(request.optionIds());
        byte[] code = poll.votingMode() == VotingMode.CODE ? codes.hash(pollId, requireCode(request.code())) : null;
        String voterKey = code == null ? openPollVoter(poll, viewer.voter(), request.code())
                : "code:" + HexFormat.of().formatHex(code);
        BallotBox.Ballot ballot = new BallotBox.Ballot(pollId, tenantSlug, voterKey, options, request.ageBand(),
                request.area(), now, viewer.voter() == null ? null : viewer.voter().consultationId());
        boolean visible = poll.resultsVisibleTo(true, now);
        BallotBox.Outcome outcome;
        if (code == null) {
            outcome = ballots.castOpen(ballot, network, visible);
        } else {
            // the take before the code is tried, in a statement of its own: a wrong code costs the allowance too,
            // so nobody can guess codes faster than the allowance lets them vote
            if (network.votes() != null) {
                rateLimits.takeNow(network.votes());
            }
            outcome = ballots.castWithCode(ballot, code, network.taken(), visible);
        }
        if (!outcome.counted()) {
            throw ProblemException.conflict("You have already voted in this poll.");
        }
        // committed: the live streams of every instance hear of it (a refused or rolled-back ballot never gets here)
        liveHub.pollChanged(pollId);
        return new Cast(pollId, options, now, new PollView(scope, outcome.tally(), true, now));
    }

    private static String openPollVoter(Poll poll, VoterTokens.Voter voter, String code) {
        if (code != null) {
            throw ProblemException.invalidField("code", "this poll takes a voter token, not a code");
        }
        if (voter == null) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "A voter token is required: get one with POST "
                    + "/api/v1/tenants/" + poll.tenant() + "/voter-tokens.", null,
                    Map.of("WWW-Authenticate", VoterTokens.HEADER));
        }
        return voter.ballotKey();
    }

    private static String requireCode(String code) {
        if (code == null || code.isBlank()) {
            throw ProblemException.invalidField("code", "this poll takes a voting code");
        }
        return code;
    }

    /** Generates codes for a code poll; they are returned once and only their hashes are kept. */
    public List<String> generateCodes(Viewer viewer, UUID pollId, int count) {
        viewer.requireRole(Role.EDITOR);
        String tenant = viewer.tenant();
        ParticipationScope scope = scopes.poll(tenant, pollId);
        Official official = scope.requireEditor(viewer);
        Poll poll = scope.poll();
        if (poll.votingMode() != VotingMode.CODE) {
            throw ProblemException.conflict("Voting codes are for polls with votingMode code.");
        }
        Instant now = clock.now();
        if (poll.status(now) == PollStatus.CLOSED) {
            throw ProblemException.conflict("The poll is closed.");
        }
        List<String> generated = new ArrayList<>(count);
        List<byte[]> hashes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String code = codes.generate();
            generated.add(code);
            hashes.add(codes.hash(pollId, code));
        }
        ballots.storeCodes(pollId, hashes, now);
        audit.record(scope.participantSlugs(), official, "poll.codes-generated", "poll", pollId, null, Map.of("count", count));
        return generated;
    }

    /** Votes per option by age band and by area; groups of 1 to 4 votes are suppressed. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PollBreakdown breakdown(Viewer viewer, UUID pollId) {
        viewer.requireRole(Role.EDITOR);
        Poll poll = scopes.poll(viewer.tenant(), pollId).poll();
        Tally tally = ballots.tally(pollId);
        Map<UUID, Map<String, Long>> byAge = new LinkedHashMap<>();
        Map<UUID, Map<String, Long>> byArea = new LinkedHashMap<>();
        for (Object[] row : ballots.breakdown(pollId)) {
            UUID option = (UUID) row[0];
            String age = row[1] == null ? "unknown" : WireEnums.value(AgeBand.valueOf((String) row[1]));
            String area = row[2] == null ? "unknown" : (String) row[2];
            long count = ((Number) row[3]).longValue();
            byAge.computeIfAbsent(option, k -> new LinkedHashMap<>()).merge(age, count, Long::sum);
            byArea.computeIfAbsent(option, k -> new LinkedHashMap<>()).merge(area, count, Long::sum);
        }
        List<PollBreakdown.OptionBreakdown> options = poll.options().stream()
                .map(o -> new PollBreakdown.OptionBreakdown(o.id(), o.label(), tally.votes(o.id()),
                        GroupCount.of(byAge.get(o.id())), GroupCount.of(byArea.get(o.id()))))
                .toList();
        return new PollBreakdown(pollId, tally.ballots(), GroupCount.MINIMUM, options);
    }
}
